"""Verifying a card's code at a merchant's counter and recording its use.

A merchant learns only the status, the masked name, a short-lived photo link, and which of its own offers apply.
"""

import datetime
from dataclasses import dataclass, field

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from benefits import tokens
from benefits.models import Card, CardUse, Merchant, Offer

PHOTO_SALT = "benefits.card-photo"
PHOTO_LINK_SECONDS = 600
REPEAT_WINDOW_SECONDS = 60

STATUS_LABELS = {
    "valid": _("Valid"),
    "expired": pgettext_lazy("benefit card", "Expired"),
    "suspended": _("Suspended"),
    "revoked": _("Revoked"),
    "unknown": _("Unknown code"),
}


@dataclass
class VerifyResult:
    status: str  # valid / expired / suspended / revoked / unknown
    card: Card | None = None
    detail: str = ""
    offers: list = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return self.status == "valid"

    @property
    def label(self):
        return STATUS_LABELS[self.status]

    @property
    def masked_name(self) -> str:
        return self.card.masked_name if self.card else ""

    @property
    def photo_url(self) -> str:
        return photo_link(self.card) if self.card else ""


def photo_link(card: Card) -> str:
    """A link to the card's photo that works for ten minutes, so a merchant can compare faces but not collect them."""
    return reverse("benefits:card_photo", args=[signing.dumps(card.pk, salt=PHOTO_SALT, compress=True)])


def photo_card_from_link(signed: str) -> Card | None:
    try:
        pk = signing.loads(signed, salt=PHOTO_SALT, max_age=PHOTO_LINK_SECONDS)
    except signing.BadSignature:
        return None
    return Card.objects.filter(pk=pk).first()


# What verification reads: the card's status, dates and name; the offers' id, title and benefit (not their text
# or search columns). Kept narrow because verify is the hot path at the counter.
VERIFY_CARD_FIELDS = ("pk", "status", "valid_from", "valid_until", "holder_kind", "holder_name", "token_id")


def applicable_offers(merchant: Merchant, card: Card):
    return list(
        Offer.objects.filter(merchant=merchant)
        .published()
        .for_card(card)
        .only("pk", "title", "benefit", "merchant_id")
        .order_by("title")
    )


def card_verify(*, token: str, merchant: Merchant, with_offers: bool = True) -> VerifyResult:
    """What a code says right now. Never writes."""
    parsed = tokens.parse_token(token)
    if parsed.token_id is None:
        detail = _("This code has expired. Ask the holder to refresh the card page.") if parsed.expired else ""
        return VerifyResult("unknown", detail=str(detail))
    card = Card.objects.filter(token_id=parsed.token_id).only(*VERIFY_CARD_FIELDS).first()
    if card is None:
        return VerifyResult("unknown")
    status = card.verification_status()
    if status != "valid":
        return VerifyResult(status, card=card)
    return VerifyResult(status, card=card, offers=applicable_offers(merchant, card) if with_offers else [])


def card_use_record(*, token: str, merchant: Merchant, member, offer: Offer | None = None):
    """Verify and record a use. Returns (result, use, created).

    Repeated scans of one card at one merchant within a minute record one use: the card row is locked
    (FOR UPDATE serializes concurrent scans of that card), a use in the last minute is returned instead of a
    new one, and the unique (card, merchant, minute) constraint backs it up at the database level."""
    result = card_verify(token=token, merchant=merchant, with_offers=False)
    if not result.is_valid:
        return result, None, False
    if offer is not None and not any(o.pk == offer.pk for o in applicable_offers(merchant, result.card)):
        raise ValidationError({"offer": [_("This offer is not one of your current offers for this card.")]})
    now = timezone.now()
    try:
        with transaction.atomic():
            card = Card.objects.select_for_update().get(pk=result.card.pk)
            recent = (
                CardUse.objects.filter(
                    card=card, merchant=merchant, used_at__gte=now - datetime.timedelta(seconds=REPEAT_WINDOW_SECONDS)
                )
                .order_by("-used_at")
                .first()
            )
            if recent is not None:
                return result, recent, False
            use = CardUse.objects.create(
                card=card,
                merchant=merchant,
                offer=offer,
                member=member,
                used_at=now,
                minute_bucket=int(now.timestamp() // 60),
            )
    except IntegrityError:
        use = CardUse.objects.filter(card=result.card, merchant=merchant).order_by("-used_at").first()
        return result, use, False
    return result, use, True
