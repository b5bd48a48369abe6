"""Rotating check-in codes for a session.

Time is cut into 30-second steps. For each (session, step) the trainer's page shows a QR code holding a signed token
and a 6-digit code derived from an HMAC of the same pair. A code is accepted for the current and the previous step
only, so a photo of the screen passed around stops working within a minute, and a code from one session never opens
another.
"""

import time

from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

STEP_SECONDS = 30
TOKEN_SALT = "training.checkin.token"  # noqa: S105 (a signing salt, not a secret)
CODE_SALT = "training.checkin.code"


def time_step(at: float | None = None) -> int:
    return int((time.time() if at is None else at) // STEP_SECONDS)


def checkin_token(session_id: int, step: int) -> str:
    return signing.dumps({"s": session_id, "t": step}, salt=TOKEN_SALT)


def short_code(session_id: int, step: int) -> str:
    digest = salted_hmac(CODE_SALT, f"{session_id}:{step}").hexdigest()
    return f"{int(digest[:12], 16) % 1_000_000:06d}"


def _acceptable_steps(at: float | None) -> tuple[int, int]:
    now = time_step(at)
    return now, now - 1


def token_is_valid(session_id: int, token: str, at: float | None = None) -> bool:
    try:
        data = signing.loads(token, salt=TOKEN_SALT)
    except signing.BadSignature:
        return False
    if not isinstance(data, dict):
        return False
    return data.get("s") == session_id and data.get("t") in _acceptable_steps(at)


def code_is_valid(session_id: int, code: str, at: float | None = None) -> bool:
    code = (code or "").strip()
    if len(code) != 6 or not code.isdigit():
        return False
    return any(constant_time_compare(code, short_code(session_id, step)) for step in _acceptable_steps(at))
