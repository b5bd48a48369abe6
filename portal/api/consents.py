"""GET/POST /api/v1/me/consents/: the signed-in person's consents, giving one, and withdrawing one — through
portal.services.consents, as the 我的授权 page does (same records, same audit log entries)."""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.models import Consent
from portal.services.consents import consent_grant, consent_is_live, consent_withdraw, consents_of


class ConsentSerializer(serializers.ModelSerializer):
    live = serializers.SerializerMethodField()

    class Meta:
        model = Consent
        fields = ["id", "purpose", "policy_version", "granted_at", "withdrawn_at", "channel", "live"]

    def get_live(self, consent) -> bool:
        return consent.is_live()


class ConsentPurposeSerializer(serializers.Serializer):
    purpose = serializers.ChoiceField(choices=Consent.Purpose.choices)


class ConsentListView(generics.ListAPIView):
    """Your consents, live and withdrawn, newest first. POST `{"purpose": "id_number" | "application_sharing"}`
    gives one under the current privacy policy (201; 200 with the existing one if it is already live)."""

    serializer_class = ConsentSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Consent.objects.none()
        return consents_of(user=self.request.user)

    @extend_schema(request=ConsentPurposeSerializer, responses={200: ConsentSerializer, 201: ConsentSerializer})
    def post(self, request):
        data = ConsentPurposeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        purpose = data.validated_data["purpose"]
        already = consent_is_live(user=request.user, purpose=purpose)
        consent = consent_grant(
            user=request.user, purpose=purpose, channel=Consent.Channel.API, request=request._request
        )
        code = status.HTTP_200_OK if already else status.HTTP_201_CREATED
        return Response(ConsentSerializer(consent).data, status=code)


class ConsentWithdrawView(APIView):
    """POST `{"purpose": …}` withdraws your live consent for it. Withdrawing `id_number` erases your stored ID
    number (a verified registration goes back to review); withdrawing `application_sharing` stops sharing with new
    applications, while employers keep what they received with applications already sent."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=ConsentPurposeSerializer, responses=ConsentSerializer)
    def post(self, request):
        data = ConsentPurposeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            consent = consent_withdraw(
                user=request.user,
                purpose=data.validated_data["purpose"],
                channel=Consent.Channel.API,
                request=request._request,
            )
        except ValidationError as exc:
            return Response({"purpose": exc.messages}, status=status.HTTP_400_BAD_REQUEST)
        return Response(ConsentSerializer(consent).data)
