"""Rotating check-in codes for a session (portal.rotating, the scheme cards and fair tickets use too).

Time is cut into 30-second steps. For each (session, step) the trainer's page shows a QR code holding a link to the
session's check-in page with a signed token (`<session>.<step>.<mac>`), and a 6-digit code derived from an HMAC of
the same pair. Both are accepted for the current and the previous step only, so a photo of the screen passed around
stops working within a minute, and a code from one session never opens another.

The 6 digits are bound to the session the veteran's check-in page is for, so no lookup is needed. Guessing is
useless: 2 codes are live out of 10^6 and a veteran gets CODE_LIMIT (5) wrong codes per session every
CODE_PERIOD (10 minutes), so p ≤ 5 × 2 / 10^6 = 10^-5 per ten minutes, and only for a class they are enrolled in.
"""

import time

from django.core.cache import cache
from django.utils.crypto import constant_time_compare

from portal import rotating
from portal.api.throttling import count_in_window
from portal.qr import token_from_scan

STEP_SECONDS = 30
CODE_LIMIT = 5
CODE_PERIOD = 600
ROTATING = rotating.RotatingCode(purpose="training.checkin.token", step_seconds=STEP_SECONDS, grace_seconds=30)
CODE_SALT = "training.checkin.code"


def time_step(at: float | None = None) -> int:
    return ROTATING.step(at)


def checkin_token(session_id: int, step: int) -> str:
    return ROTATING.token(str(session_id), step=step)


def short_code(session_id: int, step: int) -> str:
    return f"{int(rotating.mac(CODE_SALT, f'{session_id}:{step}', 12), 16) % 1_000_000:06d}"


def token_is_valid(session_id: int, token: str, at: float | None = None) -> bool:
    """Whether `token` (bare, or the check-in link the QR code holds) is this session's current token."""
    reading = ROTATING.read(token_from_scan(token, query_key="t"), at)
    return reading.ok and reading.ident == str(session_id)


def code_is_valid(session_id: int, code: str, at: float | None = None) -> bool:
    code = (code or "").strip()
    if len(code) != 6 or not code.isdigit():
        return False
    now = time_step(at)
    return any(constant_time_compare(code, short_code(session_id, step)) for step in (now, now - 1))


def _attempts_key(session_id: int, user_id: int, at: float | None) -> str:
    return f"training:checkin-code:{session_id}:{user_id}:{int((time.time() if at is None else at) // CODE_PERIOD)}"


def code_attempts_left(session_id: int, user_id: int, at: float | None = None) -> bool:
    return (cache.get(_attempts_key(session_id, user_id, at)) or 0) < CODE_LIMIT


def code_attempt_failed(session_id: int, user_id: int, at: float | None = None) -> None:
    count_in_window(cache, _attempts_key(session_id, user_id, at), CODE_PERIOD + 1)
