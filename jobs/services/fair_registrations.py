"""A veteran's place at a job fair: registering under the fair's capacity (never over-booked, even under
concurrency), giving the place back, and checking in at the door with the ticket's QR code within the fair's hours."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobs.fair_places import fair_places
from jobs.models import FairRegistration, JobFair
from jobs.permissions import can_check_in_at
from jobs.services.tickets import ticket_registration_id
from portal.exceptions import AccessDenied
from portal.messages import Message
from portal.models import AuditLog
from portal.permissions import is_bureau_staff, is_family_member, is_veteran
from portal.services.audit import audit_record
from portal.services.family import family_profile_require_verified
from portal.services.notifications import notify


@transaction.atomic
def fair_register(*, fair: JobFair, user) -> FairRegistration:
    """Take one of the fair's places. Atomic because the fair row is locked (FOR UPDATE) while places are counted;
    the unique (fair, seat) and (fair, user) constraints back it up."""
    if not is_veteran(user):
        if not is_family_member(user):
            raise ValidationError(_("Only veterans with a profile can register for a fair."))
        family_profile_require_verified(user=user)  # family members once staff verified the link
    fair = JobFair.objects.select_for_update().get(pk=fair.pk)
    if not fair.registration_open():
        raise ValidationError(_("Registration for this fair is closed."))
    if FairRegistration.objects.filter(fair=fair, user=user).exists():
        raise ValidationError(_("You are already registered for this fair."))
    taken = set(FairRegistration.objects.filter(fair=fair).values_list("seat", flat=True))
    # The lowest free place: cancellations leave gaps that the next veteran fills. Counted as well: after staff
    # lower the capacity, a place numbered above it may still be held.
    seat = next((n for n in range(1, fair.capacity + 1) if n not in taken), None)
    if seat is None or fair_places(fair, taken=len(taken)).full:
        raise ValidationError(_("This fair is full."))
    try:
        with transaction.atomic():
            registration = FairRegistration.objects.create(fair=fair, user=user, seat=seat)
    except IntegrityError:
        raise ValidationError(_("This fair is full.")) from None
    notify(
        recipient=user,
        event_key=f"jobs-fair-{fair.pk}-registered-{registration.pk}",
        kind="jobs_fair",
        title=Message(gettext_lazy("Registered for %(fair)s"), fair=fair.title),
        body=Message(gettext_lazy("Show your QR code at the entrance.")),
        url=f"/jobs/fairs/{fair.pk}/ticket/",
    )
    return registration


@transaction.atomic
def fair_registration_cancel(*, fair: JobFair, user) -> None:
    """Give one's place back before the fair starts, so another veteran can take it. Not after checking in."""
    fair = JobFair.objects.select_for_update().get(pk=fair.pk)
    registration = FairRegistration.objects.filter(fair=fair, user=user).first()
    if registration is None:
        raise ValidationError(_("You are not registered for this fair."))
    if registration.checked_in_at:
        raise ValidationError(_("You have already checked in; the registration can no longer be cancelled."))
    if fair.starts_at <= timezone.now():
        raise ValidationError(_("The fair has started; the registration can no longer be cancelled."))
    registration.delete()


def check_in_window(fair: JobFair) -> tuple[datetime.datetime, datetime.datetime]:
    """When veterans may check in: from FAIR_CHECKIN_EARLY_MINUTES before the fair opens until it ends."""
    return fair.starts_at - datetime.timedelta(minutes=settings.FAIR_CHECKIN_EARLY_MINUTES), fair.ends_at


def _check_in_time_error(fair: JobFair, now) -> str:
    """Why a check-in now is refused, or "" inside the window."""
    opens, closes = check_in_window(fair)
    if now < opens:
        return _("Check-in for this fair opens at %(time)s.") % {
            "time": date_format(timezone.localtime(opens), "Y-m-d H:i")
        }
    if now > closes:
        return _("This fair has ended; check-in is closed.")
    return ""


@transaction.atomic
def fair_check_in(
    *, fair: JobFair, token: str, actor, override: bool = False, override_reason: str = "", request=None
) -> tuple[FairRegistration, bool]:
    """Check the token's holder in, within the fair's check-in window. Bureau staff may check someone in outside
    it by saying so (`override`) with a reason; the reason is kept on the registration and in the audit log.
    Returns (registration, already_checked_in)."""
    if not can_check_in_at(actor, fair):
        raise AccessDenied(_("Only staff or employers with a booth at this fair can check veterans in."))
    reg_id = ticket_registration_id(token, fair_id=fair.pk, actor=actor)
    registration = (
        FairRegistration.objects.select_for_update().select_related("user").filter(pk=reg_id, fair=fair).first()
    )
    if registration is None:
        raise ValidationError(_("This code is for another fair."))
    if registration.checked_in_at:
        return registration, True
    now = timezone.now()
    refusal = _check_in_time_error(fair, now)
    override_reason = (override_reason or "").strip()[:300] if refusal else ""
    if refusal:
        if not override:
            raise ValidationError(refusal)
        if not is_bureau_staff(actor):
            raise AccessDenied(_("Only bureau staff can check veterans in outside the fair's hours."))
        if not override_reason:
            raise ValidationError({"override_reason": _("Give a reason for checking in outside the fair's hours.")})
    registration.checked_in_at = now
    registration.checked_in_by = actor
    registration.check_in_override_reason = override_reason
    registration.save(update_fields=["checked_in_at", "checked_in_by", "check_in_override_reason"])
    if refusal:
        audit_record(
            actor=actor,
            action=AuditLog.Action.OTHER,
            target=registration,
            detail={"event": "fair_check_in_override", "fair": fair.pk, "reason": override_reason},
            request=request,
        )
    return registration, False
