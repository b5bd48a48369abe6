"""API views of the shell: token, me, regions, reference lists, notifications."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from portal.api import serializers as s
from portal.models import Consent, MilitarySpecialty, Notification, OccupationCategory, Organization, Region
from portal.services import accounts, notifications
from portal.services.authentication import SignInRefused, api_sign_in
from portal.services.profiles import veteran_profile_save
from portal.services.tokens import api_token_create

# What each refusal of the token endpoint answers: lockouts 429, a rule the account does not meet yet 403.
_SIGN_IN_STATUS = {
    "too_many_attempts": status.HTTP_429_TOO_MANY_REQUESTS,
    "email_not_verified": status.HTTP_403_FORBIDDEN,
    "second_factor_not_set_up": status.HTTP_403_FORBIDDEN,
    "second_factor_required": status.HTTP_403_FORBIDDEN,
}


class TokenView(APIView):
    """Exchange a username (or e-mail) and password for a new API key (expires after API_TOKEN_TTL_DAYS).

    Checked exactly as the login page checks a sign-in: the same rate limits and lockout (429), the e-mail must be
    verified (403), and bureau staff, or any account with a second factor, must send the current authenticator
    code as `code` (403 without it). Each call makes a new named key; the user's page lists and revokes them."""

    permission_classes = [permissions.AllowAny]
    authentication_classes = []
    throttle_scope = "token"

    @extend_schema(request=s.TokenRequestSerializer, responses=s.TokenResponseSerializer)
    def post(self, request):
        data = s.TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            user, second_factor = api_sign_in(
                request=request._request,
                login=data.validated_data["login"].strip(),
                password=data.validated_data["password"],
                code=data.validated_data.get("code", "").strip(),
            )
        except SignInRefused as refused:
            body = {"detail": str(refused.message), "code": refused.reason}
            return Response(body, status=_SIGN_IN_STATUS.get(refused.reason, status.HTTP_400_BAD_REQUEST))
        token, key = api_token_create(user=user, name=data.validated_data.get("name", ""), second_factor=second_factor)
        body = {"token": key, "name": token.name, "expires_at": token.expires_at}
        return Response(s.TokenResponseSerializer(body).data, headers={"Cache-Control": "no-store"})


class MeView(generics.RetrieveUpdateAPIView):
    """The signed-in user, with roles and (masked) veteran profile. PATCH `phone` or `language` to change them; the
    profile itself is changed at /api/v1/me/profile/."""

    serializer_class = s.MeSerializer
    permission_classes = [permissions.IsAuthenticated]
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self):
        return self.request.user

    @extend_schema(request=s.MeInputSerializer, responses=s.MeSerializer)
    def patch(self, request):
        data = s.MeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = accounts.user_account_update(user=request.user, data=dict(data.validated_data))
        return Response(s.MeSerializer(user).data)


class MyProfileView(APIView):
    """Create or update the signed-in user's veteran profile (same rules and messages as the profile page)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=s.VeteranProfileInputSerializer, responses=s.VeteranProfileSerializer)
    def put(self, request):
        serializer = s.VeteranProfileInputSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        id_number = data.pop("id_number", "") or None
        consent = Consent.Channel.API if data.pop("id_number_consent", False) else None
        profile = veteran_profile_save(user=request.user, data=data, id_number=id_number, id_number_basis=consent)
        return Response(s.VeteranProfileSerializer(profile).data)

    patch = put


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """Administrative regions. Filter with `?parent=<id>` or `?level=1|2|3`."""

    serializer_class = s.RegionSerializer
    permission_classes = [permissions.AllowAny]
    queryset = Region.objects.all()
    filterset_fields = ["parent", "level", "code"]
    pagination_class = None

    def list(self, request, *args, **kwargs):
        if not {"parent", "level", "code"} & set(request.query_params):
            request.query_params._mutable = True  # default to provinces: the whole list is 3,000 rows
            request.query_params["level"] = "1"
        return super().list(request, *args, **kwargs)


class OccupationCategoryViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.OccupationCategorySerializer
    permission_classes = [permissions.AllowAny]
    queryset = OccupationCategory.objects.all()
    filterset_fields = ["parent"]
    pagination_class = None


class MilitarySpecialtyViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.MilitarySpecialtySerializer
    permission_classes = [permissions.AllowAny]
    queryset = MilitarySpecialty.objects.all()
    pagination_class = None


class OrganizationViewSet(viewsets.ReadOnlyModelViewSet):
    """Verified organizations (public directory)."""

    serializer_class = s.OrganizationSerializer
    permission_classes = [permissions.AllowAny]
    queryset = Organization.objects.verified().select_related("region__parent__parent")
    filterset_fields = ["org_type", "region"]


class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The signed-in user's notifications. POST `read/` marks them read."""

    serializer_class = s.NotificationSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_fields = ["kind"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        return Notification.objects.filter(recipient=self.request.user)

    @extend_schema(request=None, responses={200: dict})
    @action(detail=False, methods=["post"])
    def read(self, request):
        count = notifications.notification_mark_read(user=request.user)
        return Response({"marked": count})
