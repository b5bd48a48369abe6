"""API views of the benefits app: thin wrappers over benefits.services and user-scoped querysets."""

import django_filters
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle

from benefits import selectors, tokens
from benefits.api import serializers as s
from benefits.models import Card, CardUse, Merchant, Offer
from benefits.permissions import user_merchants
from benefits.services import cards as card_services
from benefits.services import renewals as renewal_services
from benefits.services.verification import applicable_offers, card_use_record, card_verify


class IsMerchantMember(permissions.BasePermission):
    message = "Only members of an alliance merchant can verify cards."

    def has_permission(self, request, view):
        # One query: the member's first merchant, kept on the request for the view (the hot verify path).
        # Only the id and organization id are read on this path (not the organization's row).
        request.benefits_merchant = (
            user_merchants(request.user).select_related(None).only("pk", "organization_id").order_by("pk").first()
        )
        return request.benefits_merchant is not None


class CardViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The signed-in user's own cards (current and past)."""

    serializer_class = s.CardSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_fields = ["status"]
    # Read by ScopedRateThrottle, which only the verify action uses: per-member limit on verifications.
    throttle_scope = "card_verify"

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

    @extend_schema(request=s.VerifyInputSerializer, responses=s.VerifyOutputSerializer)
    @action(
        detail=False,
        methods=["post"],
        permission_classes=[permissions.IsAuthenticated, IsMerchantMember],
        throttle_classes=[ScopedRateThrottle],
    )
    def verify(self, request):
        data = s.VerifyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        merchant = _merchant_for(request, data.validated_data.get("merchant"))
        offer = None
        if data.validated_data.get("offer"):
            offer = get_object_or_404(Offer, pk=data.validated_data["offer"], merchant=merchant)
        use, created = None, False
        if data.validated_data["record"]:
            result, use, created = card_use_record(
                token=data.validated_data["token"], merchant=merchant, member=request.user, offer=offer
            )
            if result.is_valid:
                result.offers = applicable_offers(merchant, result.card)
        else:
            result = card_verify(token=data.validated_data["token"], merchant=merchant)
        body = {
            "status": result.status,
            "label": str(result.label),
            "detail": result.detail,
            "masked_name": result.masked_name,
            "photo_url": result.photo_url,
            "offers": s.OfferBriefSerializer(result.offers, many=True).data,
            "use_id": use.pk if use else None,
            "use_recorded": created,
        }
        return Response(body, headers={"Cache-Control": "no-store"})


def _merchant_for(request, merchant_id) -> Merchant:
    if merchant_id and merchant_id != request.benefits_merchant.pk:
        merchant = user_merchants(request.user).filter(pk=merchant_id).first()
        if merchant is None:
            raise PermissionDenied("You are not a member of this merchant.")
        return merchant
    return request.benefits_merchant


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
