"""Fair tickets: what a registered veteran shows at the door and at the booths. They carry no personal data.

- On the phone: a portal.rotating token `t.<registration id>.<step>.<mac>` (60-second steps, 30 s of grace), in
  the QR code as a link to the portal (`ticket_link`), and beside it an 8-digit short code bound to the
  registration for that step, scoped to its fair (portal.rotating.ShortCodes holds the arithmetic of its limits:
  10 wrong codes an hour per door steward, 3 per ticket per step).
- Printed (the PDF ticket, and the API's `check_in_token`): `<registration id>.<expiry>.<mac>`, expiry (base 36)
  some hours after the fair ends. A printed ticket has no short code: a fixed number would be a password anyone
  who saw it once could reuse.

`ticket_registration_id` reads any of them (a bare token, a scanned link, or a short code typed at the door) and
says clearly why it refuses one.
"""

import time

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int, int_to_base36
from django.utils.translation import gettext as _

from jobs.models import FairRegistration
from portal import rotating
from portal.qr import portal_link, token_from_scan

ROTATING = rotating.RotatingCode(purpose="jobs.fair-ticket.rotating", step_seconds=60, grace_seconds=30)
SHORT_CODES = rotating.ShortCodes(ROTATING)
PRINTED_SALT = "jobs.fair-check-in"
# A printed check-in code stays valid until this long after the fair ends.
CHECKIN_GRACE_SECONDS = 6 * 3600


def _scope(fair_id: int) -> str:
    return f"fair:{fair_id}"


def check_in_token(registration: FairRegistration) -> str:
    """The printed ticket's long-lived code (valid until CHECKIN_GRACE_SECONDS after the fair ends)."""
    expires = int(registration.fair.ends_at.timestamp()) + CHECKIN_GRACE_SECONDS
    payload = f"{registration.pk}.{int_to_base36(expires)}"
    return f"{payload}.{rotating.mac(PRINTED_SALT, payload, 16)}"


def ticket_token(registration: FairRegistration, now: float | None = None) -> str:
    """The phone ticket's current rotating code."""
    return "t." + ROTATING.token(str(registration.pk), now)


def ticket_short_code(registration: FairRegistration, now: float | None = None) -> str:
    return SHORT_CODES.issue(_scope(registration.fair_id), str(registration.pk), now)


def ticket_link(token: str) -> str:
    """The HTTPS link a ticket's QR code holds: door staff's phone opens the check-in confirmation."""
    return portal_link(reverse("jobs:ticket_link", args=[token]))


def _printed_id(code: str) -> int:
    parts = code.split(".")
    if (
        len(parts) != 3
        or not parts[0].isdigit()
        or not (parts[1].isalnum() and len(parts[1]) <= 8)
        or not constant_time_compare(rotating.mac(PRINTED_SALT, f"{parts[0]}.{parts[1]}", 16), parts[2])
    ):
        raise ValidationError(_("This check-in code is not valid."))
    if base36_to_int(parts[1]) < time.time():
        raise ValidationError(_("This check-in code has expired."))
    return int(parts[0])


def check_in_token_read(token: str) -> int:
    """The registration id inside a genuine, current ticket code (printed or rotating, bare or as a link);
    ValidationError otherwise. Short codes need `ticket_registration_id` (they are scoped and counted)."""
    code = token_from_scan(token).lower()[:120]
    if code.startswith("t."):
        reading = ROTATING.read(code[2:])
        if reading.status == "expired":
            raise ValidationError(_("This check-in code has expired. Ask the veteran to open the ticket again."))
        if not reading.ok or not reading.ident.isdigit():
            raise ValidationError(_("This check-in code is not valid."))
        return int(reading.ident)
    return _printed_id(code)


def ticket_registration_id(code: str, *, fair_id: int, actor) -> int:
    """The registration a scanned or typed ticket code stands for; an 8-digit short code is looked up within
    the fair and counted against `actor` (the door steward or booth member)."""
    if not rotating.looks_like_short_code(code):
        return check_in_token_read(code)
    reading = SHORT_CODES.resolve(_scope(fair_id), code, actor=f"fair-door:{actor.pk}")
    if reading.status == "limited":
        raise ValidationError(_("Too many wrong numeric codes. Scan the QR code instead, or try again later."))
    if reading.status == "expired":
        raise ValidationError(_("This number has expired. Ask the veteran for the number shown now."))
    if not reading.ok:
        raise ValidationError(_("Unknown number: check it with the veteran, or scan the QR code."))
    return int(reading.ident)


def ticket_registration(code: str, *, fair, actor) -> FairRegistration:
    """The registration at `fair` a ticket code stands for (see ticket_registration_id); another fair's code is
    refused."""
    registration_id = ticket_registration_id(code, fair_id=fair.pk, actor=actor)
    registration = FairRegistration.objects.filter(pk=registration_id, fair=fair).first()
    if registration is None:
        raise ValidationError(_("This code is for another fair."))
    return registration
