"""Job fairs: staff create and edit them, booths (approval, numbering), veteran registration under a capacity,
QR check-in, intents to hire."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from jobs.fair_places import booth_places, fair_places
from jobs.models import Application, Booth, FairRegistration, IntentRecord, JobFair, Position
from jobs.permissions import can_check_in_at, can_manage_booth
from jobs.services.applications import EMPLOYER_MOVES, application_submit, application_transition
from jobs.services.tickets import (  # noqa: F401 (check_in_token*: re-exported, callers import them from here)
    CHECKIN_GRACE_SECONDS,
    check_in_token,
    check_in_token_read,
    ticket_registration_id,
)
from portal.exceptions import AccessDenied
from portal.messages import Message
from portal.models import AuditLog, Consent
from portal.permissions import is_bureau_staff, is_family_member, is_veteran
from portal.services.audit import audit_record
from portal.services.family import family_profile_require_verified
from portal.services.notifications import notify

# --- fairs (staff) ------------------------------------------------------------------------------------------------

FAIR_FIELDS = [
    "title",
    "kind",
    "organizer",
    "description",
    "region",
    "venue",
    "stream_url",
    "starts_at",
    "ends_at",
    "registration_opens_at",
    "registration_closes_at",
    "capacity",
    "booth_count",
    "is_published",
]
_web_address = URLValidator(schemes=["http", "https"])


def _require_staff(user) -> None:
    if not is_bureau_staff(user):
        raise AccessDenied(_("Only bureau staff can run job fairs."))


def fair_rule_errors(fair: JobFair, *, existing: bool) -> dict:
    """What is wrong with the (unsaved) values of `fair`, as {field: message}; empty when all is well. Fields not
    yet set are left to full_clean. The admin's form asks this too."""
    errors = _window_and_kind_errors(fair)
    if existing:
        for field, message in _taken_errors(fair).items():
            errors.setdefault(field, message)
    return errors


def _window_and_kind_errors(fair: JobFair) -> dict:
    errors = {}
    if fair.capacity is not None and fair.capacity < 1:
        errors["capacity"] = _("A fair needs room for at least one veteran.")
    if fair.booth_count is not None and fair.booth_count < 0:
        errors["booth_count"] = _("The number of booths cannot be negative.")
    if fair.starts_at and fair.ends_at and fair.ends_at <= fair.starts_at:
        errors["ends_at"] = _("The fair must end after it starts.")
    opens, closes = fair.registration_opens_at, fair.registration_closes_at
    if opens and closes and closes <= opens:
        errors["registration_closes_at"] = _("Registration must close after it opens.")
    elif closes and fair.ends_at and closes > fair.ends_at:
        errors["registration_closes_at"] = _("Registration must close no later than the end of the fair.")
    if fair.kind == JobFair.Kind.ONSITE and not fair.venue:
        errors["venue"] = _("An on-site fair needs a venue.")
    if fair.stream_url:
        try:
            _web_address(fair.stream_url)
        except ValidationError:
            errors["stream_url"] = _("Enter a web address starting with http:// or https://.")
    elif fair.kind in (JobFair.Kind.ONLINE, JobFair.Kind.LIVESTREAM):
        errors["stream_url"] = _("Online and live-stream fairs need a link.")
    return errors


def _taken_errors(fair: JobFair) -> dict:
    """An edited fair keeps room for the veterans already registered and the booths already approved. fair_update
    holds the fair row (FOR UPDATE), which fair_register and booth_approve also take, so the counts cannot move."""
    errors = {}
    registered = FairRegistration.objects.filter(fair=fair).count()
    if fair.capacity is not None and fair.capacity < registered:
        errors["capacity"] = ngettext(
            "%(count)s veteran is already registered; the capacity cannot be lower.",
            "%(count)s veterans are already registered; the capacity cannot be lower.",
            registered,
        ) % {"count": registered}
    approved = Booth.objects.filter(fair=fair, status=Booth.Status.APPROVED)
    numbers = approved.aggregate(n=Max("number"), count=Count("pk"))
    if fair.booth_count is not None and fair.booth_count < numbers["count"]:
        errors["booth_count"] = ngettext(
            "%(count)s booth is already approved; the number of booths cannot be lower.",
            "%(count)s booths are already approved; the number of booths cannot be lower.",
            numbers["count"],
        ) % {"count": numbers["count"]}
    elif fair.booth_count is not None and numbers["n"] and fair.booth_count < numbers["n"]:
        # Approvals and rejections can leave gaps: booths 1 and 3 approved, 2 given back.
        errors["booth_count"] = _(
            "Booth number %(number)s is already assigned; the number of booths cannot be lower."
        ) % {"number": numbers["n"]}
    return errors


def _fair_save(fair: JobFair, data: dict, *, existing: bool) -> list[str]:
    """Apply `data` (FAIR_FIELDS only), check every rule, save. Returns the names of the fields that changed."""
    changed = []
    for field in FAIR_FIELDS:
        if field in data:
            value = data[field]
            if isinstance(value, str):
                value = value.strip()
            # Compared by the stored value (the region's id): a new fair has no region to fetch yet.
            stored = JobFair._meta.get_field(field).attname
            if getattr(fair, stored) != (value.pk if field == "region" and value is not None else value):
                changed.append(field)
            setattr(fair, field, value)
    errors = fair_rule_errors(fair, existing=existing)
    try:
        # The model's check constraints are weaker than the rules above and would only repeat them untranslated.
        fair.full_clean(exclude=list(errors), validate_constraints=False)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    fair.save()
    return changed


@transaction.atomic
def fair_create(*, staff, data: dict, request=None) -> JobFair:
    """Staff create a fair from `data` (keys of FAIR_FIELDS; `region` a Region)."""
    _require_staff(staff)
    fair = JobFair(created_by=staff)
    _fair_save(fair, data, existing=False)
    audit_record(
        actor=staff, action=AuditLog.Action.OTHER, target=fair, detail={"event": "fair_create"}, request=request
    )
    return fair


@transaction.atomic
def fair_update(*, fair: JobFair, staff, data: dict, request=None) -> JobFair:
    """Staff change some of a fair's fields (`data` holds only those). Capacity and booth count cannot drop below
    what is already taken."""
    _require_staff(staff)
    fair = JobFair.objects.select_for_update().get(pk=fair.pk)
    changed = _fair_save(fair, data, existing=True)
    audit_record(
        actor=staff,
        action=AuditLog.Action.OTHER,
        target=fair,
        detail={"event": "fair_update", "changed": changed},
        request=request,
    )
    return fair


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
        raise AccessDenied(_("This booth belongs to another employer."), hide=True)
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
    # Counted as well as numbered: a number above the booth count (left by an admin edit) still takes a booth.
    free = next((n for n in range(1, fair.booth_count + 1) if n not in taken), None)
    if free is None or booth_places(fair, taken=len(taken)).full:
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
            title=Message(gettext_lazy("Booth %(number)s approved at %(fair)s"), number=free, fair=fair.title),
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


# --- check-in ---------------------------------------------------------------------------------------------------


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


# --- intents -------------------------------------------------------------------------------------------------------


@transaction.atomic
def intent_record(
    *, booth: Booth, registration: FairRegistration, position: Position, actor, share_consent: bool, note: str = ""
):
    """Record an intent to hire at a booth; creates the veteran's application or advances it to "intent reached".
    A new application needs the veteran's sharing consent: given in person at the booth (`share_consent`, recorded
    as taken by `actor`) or live already."""
    if not can_manage_booth(actor, booth):
        raise AccessDenied(_("This booth belongs to another employer."), hide=True)
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
            position=position,
            veteran=veteran,
            share_consent=share_consent,
            channel=Consent.Channel.COUNTER,
            recorded_by=actor,
            note=note,
            fair=booth.fair,
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
