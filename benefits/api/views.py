"""API views of the benefits app: thin wrappers over benefits.services and user-scoped querysets."""

import json

import django_filters
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from benefits import selectors, tokens
from benefits.api import serializers as s
from benefits.models import Card, CardUse, Merchant, Offer
from benefits.permissions import can_view_card_photo, first_merchant_id, user_merchants
from benefits.services import cards as card_services
from benefits.services import renewals as renewal_services
from benefits.services.verification import (
    applicable_offers,
    card_use_record,
    card_verify,
    counter_check,
    photo_grant_from_link,
)
from portal.api.authentication import ApiTokenAuthentication, StaffSecondFactorSessionAuthentication
from portal.api.throttling import FixedWindowScopedRateThrottle
from portal.rotating import looks_like_short_code
from portal.uploads import private_file_response


class IsMerchantMember(permissions.BasePermission):
    message = _("Only members of an alliance merchant can verify cards.")

    def has_permission(self, request, view):
        request.benefits_merchant_id = first_merchant_id(request.user)  # kept on the request for the view
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
        token = tokens.dynamic_token(card.token_id)
        body = {
            "token": token,
            "link": tokens.card_link(token),
            "short_code": tokens.short_code(card.token_id),
            "expires_in": tokens.seconds_left(),
        }
        return Response(body, headers={"Cache-Control": "no-store"})


class CardVerifyView(APIView):
    """A merchant member checks a card's code at the counter; with `record`, a use is recorded (one per minute).

    The counter's everyday request — an API token and a JSON body with only `token` — is answered by
    `_counter_answer` in one statement (`counter_check`: the key's user, their merchant, the card and the
    merchant's offers for it) and one atomic increment for the per-member rate limit, without DRF's request
    wrapping, negotiation and serializers, with the body and headers DRF would send. Everything else (session
    authentication, `record`, `merchant`, bad input, unknown keys, non-members, a member over the limit) goes
    through DRF's pipeline in `post`, so errors keep DRF's status codes and translated messages.
    tests/benefits/test_counter_path.py checks that the two paths answer alike."""

    # Token first: a missing or bad key is answered 401 with WWW-Authenticate, as a counter device expects.
    authentication_classes = [ApiTokenAuthentication, StaffSecondFactorSessionAuthentication]
    permission_classes = [permissions.IsAuthenticated, IsMerchantMember]
    throttle_classes = [FixedWindowScopedRateThrottle]
    throttle_scope = "card_verify"

    def dispatch(self, request, *args, **kwargs):
        response = _counter_answer(self, request) if request.method == "POST" else None
        return response if response is not None else super().dispatch(request, *args, **kwargs)

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
            result = card_verify(token=data.validated_data["token"], merchant=merchant_id, member=request.user)
        return Response(_verify_body(result, use, created), headers={"Cache-Control": "no-store"})


def _verify_body(result, use=None, created=False) -> dict:
    """The answer's fields (VerifyOutputSerializer), from a VerifyResult and the use recorded, if any."""
    return {
        "status": result.status,
        "label": str(result.label),
        "detail": result.detail,
        "masked_name": result.masked_name,
        "photo_url": result.api_photo_url,
        "offers": [{"id": o.pk, "title": o.title, "benefit": o.benefit} for o in result.offers],
        "use_id": use.pk if use else None,
        "use_recorded": created,
    }


_TOKEN_MAX_LENGTH = s.VerifyInputSerializer().fields["token"].max_length
_JSON_ACCEPTS = {"", "*/*", "application/json"}


def _counter_answer(view: APIView, request) -> HttpResponse | None:
    """The counter's everyday request answered directly, or None for DRF to answer it.

    Answers only what DRF would answer with 200 and this same body: an API token (`Authorization: Token …`) of an
    active member of an alliance merchant; a JSON body that is exactly {"token": <text>}, where the text is
    printable and, trimmed, not blank and at most as long as the serializer allows; JSON accepted; no query
    string; and the member within the rate limit, counted by the view's own throttles as DRF counts (a member over
    the limit is handed to DRF, whose 429 carries Retry-After and the translated message)."""
    scheme, _sep, key = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    if scheme != "Token" or not key or " " in key or request.META.get("QUERY_STRING"):
        return None
    if request.content_type != "application/json" or request.content_params.get("charset", "utf-8").lower() != "utf-8":
        return None
    if request.META.get("HTTP_ACCEPT", "").strip() not in _JSON_ACCEPTS:
        return None
    try:
        data = json.loads(request.body.decode("utf-8"))
    except (ValueError, RequestDataTooBig):
        return None
    code = data.get("token") if isinstance(data, dict) and len(data) == 1 else None
    if not isinstance(code, str) or not code.isprintable() or not 0 < len(code.strip()) <= _TOKEN_MAX_LENGTH:
        return None
    if looks_like_short_code(code):
        return None  # a typed short code is counted against the member: DRF's path knows who that is
    check = counter_check(api_key=key, token=code.strip())
    if check is None or not check.user.is_active or check.merchant_id is None:
        return None
    if check.user.is_staff and not check.second_factor:
        return None  # DRF refuses a staff key issued without the second factor (portal.api.authentication)
    request.user = check.user  # as DRF's Request does on authentication; the throttles key on it
    if not all(throttle.allow_request(request, view) for throttle in view.get_throttles()):
        return None
    response = HttpResponse(JSONRenderer().render(_verify_body(check.result)), content_type=JSONRenderer.media_type)
    for name, value in {**view.default_response_headers, "Cache-Control": "no-store"}.items():
        response[name] = value
    return response


class CardPhotoView(APIView):
    """The holder's photo behind the link of a verification answer (photo_url), for a till signed in with its API
    token: the same link rules and permission as the page (benefits.views.holder.card_photo)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses={(200, "image/*"): OpenApiTypes.BINARY}, operation_id="cards_photo")
    def get(self, request, signed):
        grant = photo_grant_from_link(signed)
        if grant is None or not can_view_card_photo(request.user, grant.card, merchant_id=grant.merchant_id):
            raise Http404
        return private_file_response(grant.card.photo, stem=f"card-{grant.card.pk}", as_attachment=False)


def _merchant_id_for(request, merchant_id) -> int:
    if merchant_id and merchant_id != request.benefits_merchant_id:
        if not user_merchants(request.user).filter(pk=merchant_id).exists():
            raise PermissionDenied(_("You are not a member of this merchant."))
        return merchant_id
    return request.benefits_merchant_id


class MerchantViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.MerchantSerializer
    permission_classes = [permissions.AllowAny]
    filterset_fields = {"industry__code": ["exact"]}

    def get_queryset(self):
        return Merchant.objects.alliance().select_related("organization__region", "industry").order_by("pk")


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
    throttle_action_scopes = {"list": "search"}

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
