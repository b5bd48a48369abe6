"""Signed codes a card shows to a merchant. They carry no personal data.

- Dynamic (QR on the phone): `d.<token_id>.<step>.<mac>` — `token_id` is a random per-card id, `step` the
  60-second time step (base 36). It is accepted during its own step and the next one (so 60–120 s), then never
  again, so a screenshot stops working soon.
- Printed (for holders without a phone): `p.<token_id>.<mac>` — long-lived; it dies with the card (a lost card's
  replacement gets a new token_id, and a revoked/suspended card is reported as such).

The MAC is HMAC-SHA256 keyed by SECRET_KEY (Django's salted_hmac with a purpose-specific salt), truncated to
80 bits, compared in constant time. Codes are case-insensitive so they can be typed.
"""

import re
import time
from dataclasses import dataclass

from django.utils.crypto import constant_time_compare, salted_hmac

STEP_SECONDS = 60
MAC_CHARS = 20
_DYNAMIC_SALT = "benefits.card-token.dynamic"
_PRINTED_SALT = "benefits.card-token.printed"
_DYNAMIC_RE = re.compile(r"^d\.([0-9a-f]{16})\.([0-9a-z]{1,8})\.([0-9a-f]{20})$")
_PRINTED_RE = re.compile(r"^p\.([0-9a-f]{16})\.([0-9a-f]{20})$")


def current_step(now: float | None = None) -> int:
    return int((time.time() if now is None else now) // STEP_SECONDS)


def _b36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if n == 0:
            return out


def _mac(salt: str, value: str) -> str:
    return salted_hmac(salt, value, algorithm="sha256").hexdigest()[:MAC_CHARS]


def dynamic_token(token_id: str, now: float | None = None) -> str:
    step = _b36(current_step(now))
    return f"d.{token_id}.{step}.{_mac(_DYNAMIC_SALT, f'{token_id}.{step}')}"


def printed_token(token_id: str) -> str:
    return f"p.{token_id}.{_mac(_PRINTED_SALT, token_id)}"


def seconds_left(now: float | None = None) -> int:
    """Seconds until the page should fetch a new code (the current step's end)."""
    now = time.time() if now is None else now
    return STEP_SECONDS - int(now % STEP_SECONDS)


@dataclass(frozen=True)
class ParsedToken:
    token_id: str | None  # None: forged or malformed
    expired: bool = False
    printed: bool = False


def parse_token(raw: str, now: float | None = None) -> ParsedToken:
    """Check a code's signature and age. Returns the token_id only for an authentic, current code."""
    code = (raw or "").strip().lower()[:80]
    match = _DYNAMIC_RE.match(code)
    if match:
        token_id, step_text, mac = match.groups()
        if not constant_time_compare(mac, _mac(_DYNAMIC_SALT, f"{token_id}.{step_text}")):
            return ParsedToken(None)
        age = current_step(now) - int(step_text, 36)
        if age not in (0, 1):  # older than the previous step, or from the future
            return ParsedToken(None, expired=True)
        return ParsedToken(token_id)
    match = _PRINTED_RE.match(code)
    if match:
        token_id, mac = match.groups()
        if constant_time_compare(mac, _mac(_PRINTED_SALT, token_id)):
            return ParsedToken(token_id, printed=True)
    return ParsedToken(None)
