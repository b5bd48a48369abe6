"""Verifying a card's code at a merchant's counter and recording its use.

A merchant learns only the status, the masked name, a short-lived photo link, and which of its own offers apply.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from benefits import tokens
from benefits.models import (
    Card,
    CardUse,
    Merchant,
    Offer,
    alliance_merchant_q,
    offer_current_q,
    offer_for_holder_q,
)
from portal.db import fetch_prepared, where_sql
from portal.models import ApiToken, Organization, OrganizationMembership
from portal.models.tokens import key_hash, usable_q

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
    merchant_id: int | None = None  # the merchant the code was checked for: its members may see the photo

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
        return photo_link(self.card, merchant_id=self.merchant_id) if self.card else ""

    @property
    def api_photo_url(self) -> str:
        """The same photo for an API client (a till with an API token rather than a browser session)."""
        return photo_link(self.card, merchant_id=self.merchant_id, api=True) if self.card else ""


@dataclass(frozen=True)
class PhotoGrant:
    """What a photo link says: which card, and for which merchant's members (None: only the holder and staff)."""

    card: Card
    merchant_id: int | None


def photo_link(card: Card, *, merchant_id: int | None = None, api: bool = False) -> str:
    """A link to the card's photo that works for ten minutes, so a merchant can compare faces but not collect them.
    It is no bearer token: the view serves it only to a signed-in user benefits.permissions.can_view_card_photo
    allows (the holder, staff, and members of `merchant_id`, the merchant the card was just verified at)."""
    value = f"{card.pk}.{merchant_id}" if merchant_id else str(card.pk)
    signed = signing.TimestampSigner(salt=PHOTO_SALT).sign(value)
    return reverse("card-photo" if api else "benefits:card_photo", args=[signed])


def photo_grant_from_link(signed: str) -> PhotoGrant | None:
    try:
        value = signing.TimestampSigner(salt=PHOTO_SALT).unsign(signed, max_age=PHOTO_LINK_SECONDS)
        card_id, _sep, merchant_id = value.partition(".")
        card_id, merchant_id = int(card_id), int(merchant_id) if merchant_id else None
    except (signing.BadSignature, ValueError):
        return None
    card = Card.objects.filter(pk=card_id).first()
    return PhotoGrant(card=card, merchant_id=merchant_id) if card else None


# What verification reads: the card's status, dates and name; the offers' id, title and benefit (not their text
# or search columns). Kept narrow because verify is the hot path at the counter.


def _columns(model, names) -> tuple[str, ...]:
    """`names` in the model's field order, as Model.from_db() wants the values of a partial row."""
    return tuple(f.attname for f in model._meta.concrete_fields if f.attname in names)


_CARD_COLUMNS = _columns(Card, {"id", "status", "valid_from", "valid_until", "holder_kind", "holder_name", "token_id"})
_OFFER_COLUMNS = _columns(Offer, {"id", "title", "benefit", "merchant_id"})


def applicable_offers(merchant: Merchant, card: Card):
    return list(
        Offer.objects.filter(merchant=merchant)
        .published()
        .for_card(card)
        .only("pk", "title", "benefit", "merchant_id")
        .order_by("title", "pk")
    )


# The rules' values that change (the time, the date) are passed on every call; these stand in while compiling.
_TODAY = datetime.date(2000, 1, 1)
_RUN_TIME = ("now", "today")


def _constants(*values: dict) -> dict:
    """The values the compiled rules keep from their definitions (types, statuses), for every call."""
    return {name: value for found in values for name, value in found.items() if name not in _RUN_TIME}


def _offers_join(merchant: str) -> tuple[str, dict]:
    """LEFT JOIN of the offers of `merchant` (an SQL expression) that apply today to the card `c`, and the rule's
    constants: what `applicable_offers` selects (Offer.objects.published().for_card(card)), compiled from the same
    rules, for a merchant the statement or its caller already knows to be an alliance merchant."""
    applies = Offer.objects.filter(offer_current_q(_TODAY), offer_for_holder_q(RawSQL("c.holder_kind", ())))
    rule, values = where_sql(applies, alias="o", params=("today", "today", "veteran"))
    return f"LEFT JOIN {Offer._meta.db_table} o ON c.id IS NOT NULL AND o.merchant_id = {merchant} AND {rule} ", values


def _card_and_offer_columns() -> str:
    """The card's columns, then the offer's, as `_card_and_offers_from` reads them from the end of a row."""
    return ", ".join([*(f"c.{name}" for name in _CARD_COLUMNS), *(f"o.{name}" for name in _OFFER_COLUMNS)])


def _card_and_offers_sql() -> tuple[str, dict]:
    """One statement for a merchant's page: the card by its token id and, joined to it, the merchant's offers that
    apply to it today. One row per offer, or one row with NULL offer columns. Returns it with its constants.

    Plain SQL on purpose: this runs for every scan at every counter, and building the two equivalent ORM querysets
    costs more Python per request than the database's own work (bench/README.md). Portable (SQLite and
    PostgreSQL); tests/benefits/test_counter_path.py checks it against `applicable_offers`."""
    offers, values = _offers_join("%(merchant)s")
    # Only table and column names from model metadata are interpolated; values go in as parameters.
    sql = (
        f"SELECT {_card_and_offer_columns()} FROM {Card._meta.db_table} c "  # noqa: S608
        + offers
        + "WHERE c.token_id = %(token_id)s ORDER BY o.title, o.id"
    )
    return sql, _constants(values)


_USER_COLUMNS = _columns(get_user_model(), {"id", "username", "is_active", "is_staff", "is_superuser"})


def _counter_sql() -> tuple[str, dict]:
    """One statement for the API's counter: the API key's user; the user's first alliance merchant (the lowest id
    of `benefits.permissions.user_merchants(user)`); the card by its token id; and that merchant's offers for the
    card. One row per offer, or one row with NULL offer columns; no row for an unknown, expired or revoked key
    (only the key's hash is stored: portal.models.tokens). Returns it with its constants.

    The rules (a usable key, an alliance merchant, an offer that applies) are compiled from their queryset
    definitions. The shape keeps PostgreSQL's generic plan (the one a prepared statement settles on) on indexes
    throughout (bench/README.md has what the alternatives cost):
    - `min()` rather than ORDER BY … LIMIT 1, which is planned as a walk along all merchants' primary key;
    - the merchant of each membership is a subquery by organization (one index probe), not a join, which the
      generic plan makes a hash join over a scan of all merchants;
    - `LIMIT 1` (the key is unique) keeps the member a separate step: without it the planner inlines it and
      evaluates the merchant subquery again for every row and every offer probe."""
    user_columns = ", ".join(f"u.{name}" for name in _USER_COLUMNS)
    usable, values = where_sql(ApiToken.objects.filter(usable_q(now=timezone.now())), alias="t", params=("now",))
    alliance, alliance_values = where_sql(
        Merchant.objects.filter(alliance_merchant_q()),
        alias={Merchant: "m", Organization: "org"},
        params=("merchant_type", "verified"),
    )
    offers, offer_values = _offers_join("u.merchant_id")
    # Only table and column names from model metadata are interpolated; values go in as parameters.
    sql = (
        f"WITH member AS (SELECT {user_columns}, "  # noqa: S608
        f"(SELECT min((SELECT m.id FROM {Merchant._meta.db_table} m WHERE m.organization_id = org.id AND {alliance}"
        f")) FROM {OrganizationMembership._meta.db_table} om "
        f"JOIN {Organization._meta.db_table} org ON org.id = om.organization_id WHERE om.user_id = u.id"
        f") AS merchant_id, t.second_factor FROM {ApiToken._meta.db_table} t "
        f"JOIN {get_user_model()._meta.db_table} u ON u.id = t.user_id "
        f"WHERE t.key_hash = %(key_hash)s AND {usable} LIMIT 1) "
        f"SELECT {user_columns}, u.merchant_id, u.second_factor, {_card_and_offer_columns()} "
        f"FROM member u LEFT JOIN {Card._meta.db_table} c ON c.token_id = %(token_id)s "
        + offers
        + "ORDER BY o.title, o.id"
    )
    return sql, _constants(values, alliance_values, offer_values)


_CARD_ID, _OFFER_ID = _CARD_COLUMNS.index("id"), _OFFER_COLUMNS.index("id")
_CARD_AND_OFFERS_SQL, _CARD_AND_OFFERS_CONSTANTS = _card_and_offers_sql()
_COUNTER_SQL, _COUNTER_CONSTANTS = _counter_sql()


def _card_and_offers_from(rows) -> tuple[Card | None, list[Offer]]:
    """The card and offers of rows that end with the card's and the offers' columns."""
    width, offer_width = len(_CARD_COLUMNS), len(_OFFER_COLUMNS)
    first = rows[0][-width - offer_width :]
    if first[_CARD_ID] is None:
        return None, []
    card = Card.from_db(connection.alias, _CARD_COLUMNS, first[:width])
    offer_rows = (row[-offer_width:] for row in rows)
    offers = [Offer.from_db(connection.alias, _OFFER_COLUMNS, row) for row in offer_rows if row[_OFFER_ID] is not None]
    return card, offers


def _card_and_offers(token_id: str, merchant_id: int | None) -> tuple[Card | None, list[Offer]]:
    today = timezone.localdate()
    params = {**_CARD_AND_OFFERS_CONSTANTS, "merchant": merchant_id, "today": today, "token_id": token_id}
    rows = fetch_prepared(_CARD_AND_OFFERS_SQL, params)
    return _card_and_offers_from(rows) if rows else (None, [])


def _refusal_detail(parsed: tokens.ParsedToken) -> str:
    if parsed.limited:
        return str(_("Too many wrong numeric codes. Scan the QR code instead, or try again later."))
    if parsed.expired:
        return str(_("This code has expired. Ask the holder to refresh the card page."))
    return ""


def _result(
    parsed: tokens.ParsedToken, card: Card | None, offers: list[Offer], merchant_id: int | None = None
) -> VerifyResult:
    if parsed.token_id is None:
        return VerifyResult("unknown", detail=_refusal_detail(parsed))
    if card is None:
        return VerifyResult("unknown")
    status = card.verification_status()
    if status != "valid":
        return VerifyResult(status, card=card, merchant_id=merchant_id)
    return VerifyResult(status, card=card, offers=offers, merchant_id=merchant_id)


def card_verify(*, token: str, merchant: Merchant | int, with_offers: bool = True, member=None) -> VerifyResult:
    """What a code says right now: one query (the card and, if it is valid, the merchant's offers for it).

    `token` is what the QR code holds (a card link or a bare token) or, with `member` (the merchant member at the
    counter, whose wrong guesses are counted), an 8-digit short code. `merchant` is an alliance merchant the
    caller belongs to (or its id). Writes nothing but the attempt counters of short codes."""
    parsed = tokens.resolve_code(token, actor=member) if member is not None else tokens.parse_token(token)
    if parsed.token_id is None:
        return _result(parsed, None, [])
    merchant_id = getattr(merchant, "pk", merchant)
    card, offers = _card_and_offers(parsed.token_id, merchant_id if with_offers else None)
    return _result(parsed, card, offers, merchant_id)


@dataclass(frozen=True)
class CounterCheck:
    """What `counter_check` found: the API key's user (id, username and flags loaded), the user's first alliance
    merchant (None: not a member of one) and the code's verification at that merchant."""

    user: object
    merchant_id: int | None
    result: VerifyResult
    second_factor: bool = False  # whether the key was issued with the second factor


def counter_check(*, api_key: str, token: str) -> CounterCheck | None:
    """The API's counter request in one statement: who the API key belongs to, their merchant, and what the code
    says there (as `card_verify` would). None for an unknown, expired or revoked key. Never writes.

    The caller decides what an inactive user or a non-member gets; `result` is only meaningful for an active member.
    tests/benefits/test_counter_path.py checks it against `user_merchants` and `applicable_offers`."""
    parsed = tokens.parse_token(token)
    params = {
        **_COUNTER_CONSTANTS,
        "key_hash": key_hash(api_key),
        "now": connection.ops.adapt_datetimefield_value(timezone.now()),
        "token_id": parsed.token_id,
        "today": timezone.localdate(),
    }
    rows = fetch_prepared(_COUNTER_SQL, params)
    if not rows:
        return None
    users = len(_USER_COLUMNS)
    user = get_user_model().from_db(connection.alias, _USER_COLUMNS, rows[0][:users])
    card, offers = _card_and_offers_from(rows) if parsed.token_id else (None, [])
    merchant_id = rows[0][users]
    return CounterCheck(
        user=user,
        merchant_id=merchant_id,
        second_factor=rows[0][users + 1],
        result=_result(parsed, card, offers, merchant_id),
    )


def card_use_record(*, token: str, merchant: Merchant, member, offer: Offer | None = None):
    """Verify and record a use. Returns (result, use, created).

    Repeated scans of one card at one merchant within a minute record one use: the card row is locked
    (FOR UPDATE serializes concurrent scans of that card), a use in the last minute is returned instead of a
    new one, and the unique (card, merchant, minute) constraint backs it up at the database level."""
    result = card_verify(token=token, merchant=merchant, with_offers=False, member=member)
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
