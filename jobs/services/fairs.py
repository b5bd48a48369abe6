"""Job fairs: booths (approval, numbering), veteran registration under a capacity, QR check-in, intents to hire."""

import time

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from jobs.models import Application, Booth, FairRegistration, IntentRecord, JobFair, Position
from jobs.permissions import can_check_in_at, can_manage_booth
from jobs.services.applications import EMPLOYER_MOVES, application_submit, application_transition
from portal.models import AuditLog
from portal.permissions import is_veteran
from portal.services.audit import audit_record
from portal.services.notifications import notify

CHECKIN_SALT = "jobs.fair-check-in"
# A check-in code stays valid until this long after the fair ends.
CHECKIN_GRACE_SECONDS = 6 * 3600


# --- booths ------------------------------------------------------------------------------------------------------


@transaction.atomic
def booth_apply(*, fair: JobFair, organization, user, positions, note: str = "") -> Booth:
    """An employer asks for a booth and attaches published positions of its own."""
    if not organization.is_verified():
        raise ValidationError(_("Only verified employers can take a booth."))
    if fair.ends_at < timezone.now():
        raise ValidationError(_("This fair is over."))
    positions = list(positions)
    if any(p.organization_id != organization.pk for p in positions):
        raise ValidationError({"positions": _("You can only bring your own organization's positions.")})
    if any(p.status != Position.Status.PUBLISHED for p in positions):
        raise ValidationError({"positions": _("Only published positions can be brought to a fair.")})
    if Booth.objects.filter(fair=fair, organization=organization).exists():
        raise ValidationError(_("Your organization has already applied for a booth at this fair."))
    try:
        with transaction.atomic():
            booth = Booth.objects.create(fair=fair, organization=organization, note=(note or "")[:300])
    except IntegrityError:
        raise ValidationError(_("Your organization has already applied for a booth at this fair.")) from None
    booth.positions.set(positions)
    return booth


@transaction.atomic
def booth_set_positions(*, booth: Booth, user, positions) -> Booth:
    if not can_manage_booth(user, booth):
        raise ValidationError(_("This booth belongs to another employer."))
    positions = list(positions)
    if any(p.organization_id != booth.organization_id or p.status != Position.Status.PUBLISHED for p in positions):
        raise ValidationError({"positions": _("Only your organization's published positions can be brought.")})
    booth.positions.set(positions)
    return booth


@transaction.atomic
def booth_approve(*, booth: Booth, staff, request=None) -> Booth:
    """Approve and give the lowest free number; the fair row is locked so two approvals never share a number."""
    fair = JobFair.objects.select_for_update().get(pk=booth.fair_id)
    booth = Booth.objects.select_for_update().get(pk=booth.pk)
    if booth.status == Booth.Status.APPROVED:
        return booth
    taken = set(Booth.objects.filter(fair=fair, number__isnull=False).values_list("number", flat=True))
    free = next((n for n in range(1, fair.booth_count + 1) if n not in taken), None)
    if free is None:
        raise ValidationError(_("All %(count)s booths of this fair are taken.") % {"count": fair.booth_count})
    booth.status = Booth.Status.APPROVED
    booth.number = free
    booth.rejection_reason = ""
    booth.reviewed_by = staff
    booth.reviewed_at = timezone.now()
    booth.save(update_fields=["status", "number", "rejection_reason", "reviewed_by", "reviewed_at"])
    audit_record(actor=staff, action=AuditLog.Action.APPROVE, target=booth, request=request)
    for membership in booth.organization.memberships.select_related("user"):
        notify(
            recipient=membership.user,
            event_key=f"jobs-booth-{booth.pk}-approved",
            kind="jobs_booth",
            title=_("Booth %(number)s approved at %(fair)s") % {"number": free, "fair": fair.title},
            url=f"/jobs/fairs/{fair.pk}/",
        )
    return booth


@transaction.atomic
def booth_reject(*, booth: Booth, staff, reason: str, request=None) -> Booth:
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give a reason for rejecting the booth.")})
    booth = Booth.objects.select_for_update().get(pk=booth.pk)
    booth.status = Booth.Status.REJECTED
    booth.number = None
    booth.rejection_reason = reason.strip()[:300]
    booth.reviewed_by = staff
    booth.reviewed_at = timezone.now()
    booth.save(update_fields=["status", "number", "rejection_reason", "reviewed_by", "reviewed_at"])
    audit_record(actor=staff, action=AuditLog.Action.REJECT, target=booth, detail={"reason": reason}, request=request)
    return booth


# --- registration --------------------------------------------------------------------------------------------------


@transaction.atomic
def fair_register(*, fair: JobFair, user) -> FairRegistration:
    """Take one of the fair's places. Atomic because the fair row is locked (FOR UPDATE) while places are counted;
    the unique (fair, seat) and (fair, user) constraints back it up."""
    if not is_veteran(user):
        raise ValidationError(_("Only veterans with a profile can register for a fair."))
    fair = JobFair.objects.select_for_update().get(pk=fair.pk)
    if not fair.registration_open():
        raise ValidationError(_("Registration for this fair is closed."))
    if FairRegistration.objects.filter(fair=fair, user=user).exists():
        raise ValidationError(_("You are already registered for this fair."))
    taken = set(FairRegistration.objects.filter(fair=fair).values_list("seat", flat=True))
    # The lowest free place: cancellations leave gaps that the next veteran fills.
    seat = next((n for n in range(1, fair.capacity + 1) if n not in taken), None)
    if seat is None:
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
        title=_("Registered for %(fair)s") % {"fair": fair.title},
        body=_("Show your QR code at the entrance."),
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


# --- check-in tokens: "<registration id>.<expiry, base 36>.<signature>", short enough to type -------------------


def _signature(payload: str) -> str:
    return signing.Signer(salt=CHECKIN_SALT, algorithm="sha256").signature(payload)[:16]


def check_in_token(registration: FairRegistration) -> str:
    expires = int(registration.fair.ends_at.timestamp()) + CHECKIN_GRACE_SECONDS
    payload = f"{registration.pk}.{_base36(expires)}"
    return f"{payload}.{_signature(payload)}"


def _base36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while n:
        n, r = divmod(n, 36)
        out = digits[r] + out
    return out or "0"


def check_in_token_read(token: str) -> int:
    """The registration id inside a genuine, unexpired token; ValidationError otherwise."""
    parts = (token or "").strip().split(".")
    if (
        len(parts) != 3
        or not parts[0].isdigit()
        or not parts[1].isalnum()
        or not constant_time_compare(_signature(f"{parts[0]}.{parts[1]}"), parts[2])
    ):
        raise ValidationError(_("This check-in code is not valid."))
    reg_id, expires = parts[0], parts[1]
    if int(expires, 36) < time.time():
        raise ValidationError(_("This check-in code has expired."))
    return int(reg_id)


@transaction.atomic
def fair_check_in(*, fair: JobFair, token: str, actor) -> tuple[FairRegistration, bool]:
    """Check the token's holder in. Returns (registration, already_checked_in)."""
    if not can_check_in_at(actor, fair):
        raise ValidationError(_("Only staff or employers with a booth at this fair can check veterans in."))
    reg_id = check_in_token_read(token)
    registration = (
        FairRegistration.objects.select_for_update().select_related("user").filter(pk=reg_id, fair=fair).first()
    )
    if registration is None:
        raise ValidationError(_("This code is for another fair."))
    if registration.checked_in_at:
        return registration, True
    registration.checked_in_at = timezone.now()
    registration.checked_in_by = actor
    registration.save(update_fields=["checked_in_at", "checked_in_by"])
    return registration, False


# --- intents -------------------------------------------------------------------------------------------------------


@transaction.atomic
def intent_record(*, booth: Booth, registration: FairRegistration, position: Position, actor, note: str = ""):
    """Record an intent to hire at a booth; creates the veteran's application or advances it to "intent reached"."""
    if not can_manage_booth(actor, booth):
        raise ValidationError(_("This booth belongs to another employer."))
    booth = Booth.objects.select_related("fair").get(pk=booth.pk)
    registration = FairRegistration.objects.select_related("user").get(pk=registration.pk)
    if booth.status != Booth.Status.APPROVED:
        raise ValidationError(_("This booth has not been approved."))
    if registration.fair_id != booth.fair_id or not registration.checked_in_at:
        raise ValidationError(_("The veteran has not checked in at this fair."))
    if not booth.positions.filter(pk=position.pk).exists():
        raise ValidationError({"position": _("This position is not offered at your booth.")})
    if IntentRecord.objects.filter(registration=registration, position=position).exists():
        raise ValidationError(_("An intent for this veteran and position is already recorded."))
    veteran = registration.user
    application = Application.objects.filter(position=position, veteran=veteran).first()
    if application is None:
        application = application_submit(
            position=position, veteran=veteran, note=note, source=Application.Source.FAIR, fair=booth.fair
        )
    if Application.Status.INTENT in EMPLOYER_MOVES.get(application.status, set()):
        application = application_transition(
            application=application, actor=actor, to_status=Application.Status.INTENT, note=note
        )
    elif application.status != Application.Status.INTENT:
        raise ValidationError(
            _("The application is “%(status)s” and cannot move to intent.")
            % {"status": application.get_status_display()}
        )
    return IntentRecord.objects.create(
        booth=booth,
        registration=registration,
        position=position,
        application=application,
        recorded_by=actor,
        note=(note or "")[:300],
    )
