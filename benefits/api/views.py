"""API views of the benefits app: thin wrappers over benefits.services and user-scoped querysets."""

import django_filters
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from benefits import selectors, tokens
from benefits.api import serializers as s
from benefits.api.authentication import CounterCredentials, CounterTokenAuthentication
from benefits.models import Card, CardUse, Merchant, Offer
from benefits.permissions import user_merchants
from benefits.services import cards as card_services
from benefits.services import renewals as renewal_services
from benefits.services.verification import applicable_offers, card_use_record, card_verify
from portal.api.throttling import FixedWindowScopedRateThrottle


class IsMerchantMember(permissions.BasePermission):
    message = "Only members of an alliance merchant can verify cards."

    def has_permission(self, request, view):
        # The member's first merchant's id, kept on the request for the view. CounterTokenAuthentication found it
        # in its own query; other authentication (session, tests' force_authenticate) costs one query here.
        if isinstance(request.auth, CounterCredentials):
            request.benefits_merchant_id = request.auth.merchant_id
        else:
            request.benefits_merchant_id = (
                user_merchants(request.user).order_by("pk").values_list("pk", flat=True).first()
            )
        return request.benefits_merchant_id is not None


class CardViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The signed-in user's own cards (current and past)."""

    serializer_class = s.CardSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_fields = ["status"]

    def get_queryset(self):
        return Card.objects.for_holder(self.request.user).select_related("station", "replacement")

    @extend_schema(request={"multipart/form-data": s.CardApplySerializer}, responses={201: s.CardApplicationSerializer})
    @action(detail=False, methods=["post"])
    def apply(self, request):
        data = s.CardApplySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        application = card_services.card_application_submit(
            applicant=request.user, photo=data.validated_data["photo"], station=data.validated_data["station"]
        )
        return Response(s.CardApplicationSerializer(application).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        responses={201: s.CardRenewalSerializer},
        description="Ask to renew this card (same number and codes, a new validity period). Staff review the "
        "request. Refused (400) before the renewal window opens (60 days before expiry), for revoked, suspended or "
        "replaced cards, and when a request is already pending.",
    )
    @action(detail=True, methods=["post"])
    def renew(self, request, pk=None):
        card = self.get_object()
        renewal = renewal_services.card_renewal_request(card=card, holder=request.user)
        return Response(s.CardRenewalSerializer(renewal).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=s.CardTokenSerializer)
    @action(detail=True, methods=["get"])
    def token(self, request, pk=None):
        card = self.get_object()
        if card.verification_status() != "valid":
            return Response({"detail": card.get_status_display()}, status=status.HTTP_409_CONFLICT)
        body = {"token": tokens.dynamic_token(card.token_id), "expires_in": tokens.seconds_left()}
        return Response(body, headers={"Cache-Control": "no-store"})


class CardVerifyView(APIView):
    """A merchant member checks a card's code at the counter; with `record`, a use is recorded (one per minute).

    The hot path (token auth, no `record`) costs two queries: the member and merchant, then the card with the
    merchant's offers for it. The per-member rate limit is one atomic cache increment."""

    authentication_classes = [CounterTokenAuthentication, SessionAuthentication]
    permission_classes = [permissions.IsAuthenticated, IsMerchantMember]
    throttle_classes = [FixedWindowScopedRateThrottle]
    throttle_scope = "card_verify"

    @extend_schema(request=s.VerifyInputSerializer, responses=s.VerifyOutputSerializer, operation_id="cards_verify")
    def post(self, request):
        data = s.VerifyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        merchant_id = _merchant_id_for(request, data.validated_data.get("merchant"))
        use, created = None, False
        if data.validated_data["record"]:
            merchant = Merchant.objects.get(pk=merchant_id)
            offer = None
            if data.validated_data.get("offer"):
                offer = get_object_or_404(Offer, pk=data.validated_data["offer"], merchant=merchant)
            result, use, created = card_use_record(
                token=data.validated_data["token"], merchant=merchant, member=request.user, offer=offer
            )
            if result.is_valid:
                result.offers = applicable_offers(merchant, result.card)
        else:
            result = card_verify(token=data.validated_data["token"], merchant=merchant_id)
        body = {
            "status": result.status,
            "label": str(result.label),
            "detail": result.detail,
            "masked_name": result.masked_name,
            "photo_url": result.photo_url,
            "offers": [{"id": o.pk, "title": o.title, "benefit": o.benefit} for o in result.offers],
            "use_id": use.pk if use else None,
            "use_recorded": created,
        }
        return Response(body, headers={"Cache-Control": "no-store"})


def _merchant_id_for(request, merchant_id) -> int:
    if merchant_id and merchant_id != request.benefits_merchant_id:
        if not user_merchants(request.user).filter(pk=merchant_id).exists():
            raise PermissionDenied("You are not a member of this merchant.")
        return merchant_id
    return request.benefits_merchant_id


class MerchantViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.MerchantSerializer
    permission_classes = [permissions.AllowAny]
    filterset_fields = {"industry__code": ["exact"]}

    def get_queryset(self):
        return (
            Merchant.objects.filter(active=True, organization__status="verified")
            .select_related("organization__region", "industry")
            .order_by("pk")
        )


class OfferFilter(django_filters.FilterSet):
    industry = django_filters.CharFilter(field_name="industry__code")
    region = django_filters.CharFilter(method="filter_region")
    q = django_filters.CharFilter(method="filter_q")

    class Meta:
        model = Offer
        fields = ["industry", "region", "q"]

    def filter_region(self, queryset, name, value):
        return selectors.offers_in_region(queryset, value)

    def filter_q(self, queryset, name, value):
        return selectors.offers_search(queryset, value)


class OfferViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.OfferSerializer
    permission_classes = [permissions.AllowAny]
    filterset_class = OfferFilter

    def get_queryset(self):
        return selectors.published_offers()


class CardUseViewSet(viewsets.ReadOnlyModelViewSet):
    """Uses of my cards; with ?as=merchant, the uses recorded at my merchants (masked holders only)."""

    serializer_class = s.CardUseSerializer
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(parameters=[OpenApiParameter("as", str, enum=["holder", "merchant"])])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CardUse.objects.none()
        qs = CardUse.objects.select_related("card", "merchant__organization", "merchant__industry", "offer")
        if self.request.query_params.get("as") == "merchant":
            return qs.filter(merchant__in=user_merchants(self.request.user))
        return qs.filter(card__holder=self.request.user)
