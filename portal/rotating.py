"""Rotating codes: what a phone shows so that a screenshot or a photo passed around stops working soon.

One scheme for benefit cards, fair tickets and class check-in:

- **Token** (inside the QR link): `<ident>.<step>.<mac>`, `step` the time step (seconds since the epoch // the step
  length, base 36 with Django's int_to_base36) and `mac` an HMAC-SHA256 (Django's salted_hmac, a salt per purpose,
  keyed by SECRET_KEY) of `<ident>.<step>`, truncated, compared in constant time. A token is accepted during its own
  step and for `grace_seconds` after it, never before it (a token "from the future" is not ours).
- **Short code** (typed at a counter or a door): 8 digits, `SSSSS` + `CCC`. `SSSSS` is a slot the portal hands out
  for one step of one card/ticket (kept in the cache, so the typed code finds its card), `CCC` an HMAC of
  (scope, ident, step) so that knowing a live slot is not enough.

Guessing a short code is useless (`ShortCodes` enforces the limits):
- a random 8-digit guess hits only if its slot is live *and* its check digits match: p ≤ K / 10^5 × 1 / 10^3, with
  K the codes live at once in the scope (a code lives one step plus its grace, 2 minutes for a card; at ~10^5 card
  uses a year a city has a handful live at once; even K = 1,000 gives p = 10^-5 per guess);
- a member gets MEMBER_LIMIT (10) wrong short codes per MEMBER_PERIOD (1 hour), then only scanning works for them
  until the hour is over: ≤ 240 guesses a day, so with K = 1,000 at most 240 × 10^-5 = 0.24 % a day per member
  account, and at realistic K ≤ 10 about 2 × 10^-5;
- a live slot takes CARD_LIMIT (3) wrong check digits, then that card's code is dead for the rest of its step (the
  holder's page shows the next one a minute later): whoever saw the first five digits over a shoulder guesses the
  last three with p ≤ 3 / 10^3 per step, and must then wait for a step whose slot they cannot know.
"""

import time
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.http import base36_to_int, int_to_base36

from portal.api.throttling import count_in_window

SHORT_CODE_DIGITS = 8
_SLOT_SPACE = 10**5
_CHECK_SPACE = 10**3
_SLOT_TRIES = 8  # slots tried (each an HMAC of the try number) before a card gives up a step (the page shows none)
MEMBER_LIMIT = 10
MEMBER_PERIOD = 3600
CARD_LIMIT = 3


def mac(purpose: str, value: str, chars: int = 20) -> str:
    """The truncated HMAC-SHA256 every code of the portal is signed with."""
    return salted_hmac(purpose, value, algorithm="sha256").hexdigest()[:chars]


@dataclass(frozen=True)
class Reading:
    """What a token or short code says: the ident for a genuine, current one; else why not."""

    ident: str | None
    status: str  # ok / expired / unknown (forged, malformed, never issued) / limited (too many wrong short codes)

    @property
    def ok(self) -> bool:
        return self.status == "ok"


@dataclass(frozen=True)
class RotatingCode:
    purpose: str  # the HMAC salt: a code for one purpose is never accepted for another
    step_seconds: int = 60
    grace_seconds: int = 60
    mac_chars: int = 20

    def step(self, now: float | None = None) -> int:
        return int((time.time() if now is None else now) // self.step_seconds)

    def seconds_left(self, now: float | None = None) -> int:
        """Seconds until the page should fetch the next code (the current step's end)."""
        now = time.time() if now is None else now
        return self.step_seconds - int(now % self.step_seconds)

    def token(self, ident: str, now: float | None = None, *, step: int | None = None) -> str:
        step_text = int_to_base36(self.step(now) if step is None else step)
        return f"{ident}.{step_text}.{mac(self.purpose, f'{ident}.{step_text}', self.mac_chars)}"

    def accepts_step(self, step: int, now: float | None = None) -> bool:
        now = time.time() if now is None else now
        return step <= self.step(now) and now < (step + 1) * self.step_seconds + self.grace_seconds

    def read(self, token: str, now: float | None = None) -> Reading:
        """The ident of a genuine token of this purpose that is still current. Case-insensitive (typed codes)."""
        parts = (token or "").strip().lower()[:120].rsplit(".", 2)
        if len(parts) != 3 or not parts[0] or not (0 < len(parts[1]) <= 8 and parts[1].isalnum()):
            return Reading(None, "unknown")
        ident, step_text, signature = parts
        if not constant_time_compare(signature, mac(self.purpose, f"{ident}.{step_text}", self.mac_chars)):
            return Reading(None, "unknown")
        step = base36_to_int(step_text)
        if step > self.step(now):
            return Reading(None, "unknown")
        return Reading(ident, "ok") if self.accepts_step(step, now) else Reading(None, "expired")


def looks_like_short_code(text: str) -> bool:
    text = (text or "").strip().replace(" ", "")
    return len(text) == SHORT_CODE_DIGITS and text.isdigit()


@dataclass(frozen=True)
class ShortCodes:
    """Short numeric codes beside a RotatingCode's QR (same steps, same grace). See the module's docstring for the
    arithmetic of MEMBER_LIMIT, CARD_LIMIT and the code space."""

    code: RotatingCode

    @property
    def _ttl(self) -> int:
        """How long a slot is remembered: its step, the next (to say "expired" rather than "unknown"), the grace."""
        return 2 * self.code.step_seconds + self.code.grace_seconds

    def _key(self, kind: str, *parts) -> str:
        return ":".join(["rc", kind, self.code.purpose, *map(str, parts)])

    def _check(self, scope: str, ident: str, step: int) -> str:
        value = int(mac(self.code.purpose + ".short", f"{scope}.{ident}.{step}", 12), 16) % _CHECK_SPACE
        return f"{value:03d}"

    def _slot(self, scope: str, ident: str, step: int, attempt: int) -> str:
        value = int(mac(self.code.purpose + ".slot", f"{scope}.{ident}.{step}.{attempt}", 12), 16) % _SLOT_SPACE
        return f"{value:05d}"

    def issue(self, scope: str, ident: str, now: float | None = None) -> str:
        """The short code of `ident` for the current step ("" in the rare step where no slot was free)."""
        step = self.code.step(now)
        for attempt in range(_SLOT_TRIES):
            slot = self._slot(scope, ident, step, attempt)
            key = self._key("slot", scope, step, slot)
            if cache.add(key, ident, self._ttl) or cache.get(key) == ident:
                return slot + self._check(scope, ident, step)
        return ""

    def resolve(self, scope: str, typed: str, *, actor: str, now: float | None = None) -> Reading:
        """The ident a typed short code stands for, counting wrong codes against `actor` and the card."""
        now = time.time() if now is None else now
        typed = (typed or "").strip().replace(" ", "")
        member_key = self._key("member", actor, int(now // MEMBER_PERIOD))
        if (cache.get(member_key) or 0) >= MEMBER_LIMIT:
            return Reading(None, "limited")
        if not looks_like_short_code(typed):
            count_in_window(cache, member_key, MEMBER_PERIOD + 1)
            return Reading(None, "unknown")
        slot, check = typed[:5], typed[5:]
        current = self.code.step(now)
        missed = []  # (step, ident) of live slots whose check digits were wrong
        for step in (current, current - 1):
            ident = cache.get(self._key("slot", scope, step, slot))
            if ident is None:
                continue
            if not constant_time_compare(check, self._check(scope, ident, step)):
                missed.append((step, ident))
                continue
            if cache.get(self._key("burnt", scope, step, ident)):
                return Reading(None, "limited")
            return Reading(ident, "ok") if self.code.accepts_step(step, now) else Reading(None, "expired")
        for step, ident in missed:
            if count_in_window(cache, self._key("fail", scope, step, ident), MEMBER_PERIOD) >= CARD_LIMIT:
                cache.set(self._key("burnt", scope, step, ident), 1, self._ttl)
        count_in_window(cache, member_key, MEMBER_PERIOD + 1)
        return Reading(None, "unknown")
