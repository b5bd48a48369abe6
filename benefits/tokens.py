"""Signed codes a card shows to a merchant. They carry no personal data.

- Dynamic (QR on the phone): `d.<token_id>.<step>.<mac>`, a portal.rotating token (`token_id` a random per-card id,
  60-second steps, accepted for 30 s after its step so a code read out at the rollover still works), so a
  screenshot stops working within two minutes. Beside it an 8-digit short code (portal.rotating.ShortCodes: the
  arithmetic of its attempt limits is there) for a cashier to type.
- Printed (for holders without a phone): `p.<token_id>.<mac>` — long-lived; it dies with the card (a lost card's
  replacement gets a new token_id, and a revoked/suspended card is reported as such). A printed card has no short
  code: a number that never changes would be a password anyone who saw the card once could reuse.

Both travel in the QR code as a link to the portal (`card_link`), so any phone camera opens the right page.
Codes are case-insensitive so they can be typed.
"""

import re
from dataclasses import dataclass

from django.urls import reverse
from django.utils.crypto import constant_time_compare

from portal import rotating
from portal.qr import portal_link, token_from_scan

DYNAMIC = rotating.RotatingCode(purpose="benefits.card-token.dynamic", step_seconds=60, grace_seconds=30)
SHORT_CODES = rotating.ShortCodes(DYNAMIC)
SHORT_CODE_SCOPE = "card"
STEP_SECONDS = DYNAMIC.step_seconds
MAC_CHARS = 20
_PRINTED_SALT = "benefits.card-token.printed"
_TOKEN_ID_RE = re.compile(r"^[0-9a-f]{16}$")
_PRINTED_RE = re.compile(r"^p\.([0-9a-f]{16})\.([0-9a-f]{20})$")


def current_step(now: float | None = None) -> int:
    return DYNAMIC.step(now)


def dynamic_token(token_id: str, now: float | None = None) -> str:
    return "d." + DYNAMIC.token(token_id, now)


def printed_token(token_id: str) -> str:
    return f"p.{token_id}.{rotating.mac(_PRINTED_SALT, token_id, MAC_CHARS)}"


def short_code(token_id: str, now: float | None = None) -> str:
    """The 8 digits the card page shows beside the current QR code."""
    return SHORT_CODES.issue(SHORT_CODE_SCOPE, token_id, now)


def card_link(token: str) -> str:
    """The HTTPS link a card's QR code holds: a merchant member's phone opens the counter with the result."""
    return portal_link(reverse("benefits:card_link", args=[token]))


def seconds_left(now: float | None = None) -> int:
    """Seconds until the page should fetch a new code (the current step's end)."""
    return DYNAMIC.seconds_left(now)


@dataclass(frozen=True)
class ParsedToken:
    token_id: str | None  # None: forged, malformed, expired or refused
    expired: bool = False
    printed: bool = False
    limited: bool = False  # too many wrong short codes

    @property
    def is_authentic(self) -> bool:
        """Signed by the portal and current: the only code that identifies a card."""
        return self.token_id is not None

    @property
    def kind(self) -> str:
        """What a code turned out to be, for the page anyone sees: "card", "expired" or "unknown"."""
        return "card" if self.is_authentic else ("expired" if self.expired else "unknown")


def parse_token(raw: str, now: float | None = None) -> ParsedToken:
    """Check a code's signature and age. Returns the token_id only for an authentic, current code. A card link
    (what the QR code holds) is read as the token inside it. Short codes need `resolve_code` (they are counted)."""
    code = token_from_scan(raw).lower()[:80]
    if code.startswith("d."):
        reading = DYNAMIC.read(code[2:], now)
        if reading.ok and _TOKEN_ID_RE.match(reading.ident):
            return ParsedToken(reading.ident)
        return ParsedToken(None, expired=reading.status == "expired")
    match = _PRINTED_RE.match(code)
    if match:
        token_id, signature = match.groups()
        if constant_time_compare(signature, rotating.mac(_PRINTED_SALT, token_id, MAC_CHARS)):
            return ParsedToken(token_id, printed=True)
    return ParsedToken(None)


def resolve_code(raw: str, *, actor, now: float | None = None) -> ParsedToken:
    """Like parse_token, but an 8-digit short code is looked up too, counting wrong ones against `actor` (the
    merchant member) and the card (portal.rotating.ShortCodes)."""
    if not rotating.looks_like_short_code(raw):
        return parse_token(raw, now)
    reading = SHORT_CODES.resolve(SHORT_CODE_SCOPE, raw, actor=f"merchant-member:{actor.pk}", now=now)
    return ParsedToken(reading.ident, expired=reading.status == "expired", limited=reading.status == "limited")
