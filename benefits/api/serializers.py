"""Serializers of the benefits API. A merchant never gets more of a holder than the masked name and a photo link."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from benefits.models import Card, CardApplication, CardRenewal, CardUse, Industry, Merchant, Offer, OfferLocation
from portal.models import Region


class IndustrySerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)

    class Meta:
        model = Industry
        fields = ["code", "name", "name_en", "label"]


class CardSerializer(serializers.ModelSerializer):
    """The holder's own card."""

    masked_name = serializers.CharField(read_only=True)
    station = serializers.CharField(source="station.code", read_only=True)
    verification_status = serializers.SerializerMethodField()
    replaced_by = serializers.SerializerMethodField()

    class Meta:
        model = Card
        fields = [
            "id",
            "number",
            "masked_name",
            "holder_kind",
            "status",
            "verification_status",
            "status_reason",
            "valid_from",
            "valid_until",
            "station",
            "issued_at",
            "previous",
            "replaced_by",
        ]

    def get_verification_status(self, card) -> str:
        return card.verification_status()

    def get_replaced_by(self, card) -> int | None:
        replacement = getattr(card, "replacement", None)
        return replacement.pk if replacement else None


class CardApplySerializer(serializers.Serializer):
    # A plain file: the service checks it by content, size and pixels, and re-encodes it (portal.uploads).
    photo = serializers.FileField(help_text=_("JPEG, PNG or WebP, at most 3 MB"))
    station = serializers.SlugRelatedField(slug_field="code", queryset=Region.objects.all())


class CardApplicationSerializer(serializers.ModelSerializer):
    station = serializers.CharField(source="station.code")

    class Meta:
        model = CardApplication
        fields = ["id", "holder_kind", "station", "status", "status_reason", "created_at"]


class CardRenewalSerializer(serializers.ModelSerializer):
    """A renewal of the holder's card: a request waiting for staff, or a decided one."""

    class Meta:
        model = CardRenewal
        fields = ["id", "card", "status", "status_reason", "old_valid_until", "new_valid_until", "created_at"]
        read_only_fields = fields


class CardTokenSerializer(serializers.Serializer):
    token = serializers.CharField()
    link = serializers.CharField(help_text=_("the HTTPS link the QR code holds"))
    short_code = serializers.CharField(help_text=_("8 digits a cashier may type instead of scanning"))
    expires_in = serializers.IntegerField(help_text=_("seconds until the page should fetch a new token"))


class VerifyInputSerializer(serializers.Serializer):
    token = serializers.CharField(
        max_length=200, help_text=_("what the card's QR code holds (its link or bare code), or its 8-digit short code")
    )
    record = serializers.BooleanField(default=False, help_text=_("record a use when the card is valid"))
    offer = serializers.IntegerField(required=False, allow_null=True)
    merchant = serializers.IntegerField(
        required=False, help_text=_("alliance merchant id, if you belong to more than one")
    )


class OfferBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Offer
        fields = ["id", "title", "benefit"]


class VerifyOutputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["valid", "expired", "suspended", "revoked", "unknown"])
    label = serializers.CharField()
    detail = serializers.CharField(allow_blank=True)
    masked_name = serializers.CharField(allow_blank=True)
    photo_url = serializers.CharField(allow_blank=True)
    offers = OfferBriefSerializer(many=True)
    use_id = serializers.IntegerField(allow_null=True)
    use_recorded = serializers.BooleanField(help_text=_("false when a use in the last minute was found instead"))


class MerchantSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="organization.name")
    industry = IndustrySerializer()
    region = serializers.CharField(source="organization.region.code", default=None)
    address = serializers.CharField(source="organization.address")

    class Meta:
        model = Merchant
        fields = ["id", "name", "industry", "region", "address", "joined_at"]


class OfferLocationSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.code")
    region_name = serializers.CharField(source="region.full_name")

    class Meta:
        model = OfferLocation
        fields = ["region", "region_name", "address"]


class OfferSerializer(serializers.ModelSerializer):
    merchant = serializers.CharField(source="merchant.organization.name")
    merchant_id = serializers.IntegerField()
    industry = IndustrySerializer()
    locations = OfferLocationSerializer(many=True)

    class Meta:
        model = Offer
        fields = [
            "id",
            "merchant_id",
            "merchant",
            "industry",
            "title",
            "benefit",
            "terms",
            "veterans_only",
            "valid_from",
            "valid_until",
            "locations",
        ]


class CardUseSerializer(serializers.ModelSerializer):
    """A use: the holder sees the merchant and offer; a merchant sees only the masked name and masked number."""

    merchant = serializers.CharField(source="merchant.organization.name")
    offer = serializers.CharField(source="offer.title", default="")
    industry = serializers.CharField(source="merchant.industry.label")
    masked_name = serializers.CharField(source="card.masked_name")
    card = serializers.CharField(source="card.masked_number")

    class Meta:
        model = CardUse
        fields = ["id", "used_at", "merchant", "industry", "offer", "card", "masked_name"]
