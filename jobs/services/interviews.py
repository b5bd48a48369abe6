"""Interview scheduling: the employer offers times, the applicant picks one or asks for another, either side
reschedules or cancels with a reason, the employer records how it went (a hire goes through application_transition).

No double booking: a pick locks the interview, then the slot, then the interviewer's user row (in that order
everywhere, so two picks never deadlock); the slot's `booking` is unique and, on PostgreSQL, an exclusion
constraint keeps one interviewer's booked slots from overlapping. Of twenty applicants racing for one slot exactly
one books it; the others are told the time was just taken. Every change is an InterviewEvent.
"""

import datetime
import re

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobs.models import Application, Interview, InterviewEvent, InterviewSlot
from jobs.permissions import can_schedule_interview, is_applicant
from jobs.services import interview_notices as notices
from jobs.services.applications import application_transition
from jobs.services.interview_state import event_record, interview_locked, slot_release
from portal.exceptions import AccessDenied
from portal.permissions import is_bureau_staff

S = Interview.Status
A = Application.Status
MINUTES = (10, 480)
MAX_AHEAD = datetime.timedelta(days=180)
MAX_NEW_TIMES = 10
PHONE = re.compile(r"^[0-9+\-() ]{5,20}$")
OUTCOMES = ("", A.INTENT, A.HIRED, A.REJECTED)  # "" = held, decision later


def _text(value, *, field: str, limit: int, required: str = "") -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: required})
    if len(value) > limit:
        raise ValidationError({field: _("Keep it under %(limit)d characters.") % {"limit": limit}})
    return value


def _details(organization, details: dict) -> dict:
    """The place, contact and interviewer shared by the new times, checked field by field."""
    mode = details.get("mode") or InterviewSlot.Mode.ONSITE
    if mode not in InterviewSlot.Mode.values:
        raise ValidationError({"mode": _("Choose on site or video call.")})
    minutes = details.get("minutes")
    if not isinstance(minutes, int) or not MINUTES[0] <= minutes <= MINUTES[1]:
        raise ValidationError({"minutes": _("An interview lasts 10 to 480 minutes.")})
    clean = {"mode": mode, "minutes": minutes, "address": "", "video_link": ""}
    if mode == InterviewSlot.Mode.ONSITE:
        clean["address"] = _text(
            details.get("address"), field="address", limit=200, required=_("Give the interview's address.")
        )
    else:
        link = _text(details.get("video_link"), field="video_link", limit=200, required=_("Give the video link."))
        try:
            URLValidator(schemes=["http", "https"])(link)
        except ValidationError:
            raise ValidationError({"video_link": _("Enter a full link starting with https://.")}) from None
        clean["video_link"] = link
    clean["contact_name"] = _text(
        details.get("contact_name"), field="contact_name", limit=60, required=_("Name the contact person.")
    )
    phone = _text(details.get("contact_phone"), field="contact_phone", limit=20, required=_("Give a contact phone."))
    if not PHONE.match(phone):
        raise ValidationError({"contact_phone": _("Enter a phone number (digits, spaces and dashes).")})
    clean["contact_phone"] = phone
    clean["bring"] = _text(details.get("bring"), field="bring", limit=300)
    interviewer = details.get("interviewer")
    if interviewer is not None and not organization.memberships.filter(user=interviewer).exists():
        raise ValidationError({"interviewer": _("The interviewer must be a member of your organization.")})
    clean["interviewer"] = interviewer
    return clean


def _interviewer_busy(interviewer, starts_at, ends_at, *, exclude_pk=None) -> bool:
    booked = InterviewSlot.objects.filter(
        interviewer=interviewer, booking__isnull=False, starts_at__lt=ends_at, ends_at__gt=starts_at
    )
    return booked.exclude(pk=exclude_pk).exists()


def _new_slots(*, organization, actor, times, details) -> list[InterviewSlot]:
    times = sorted({t for t in times if t is not None})
    if not times:
        return []
    if len(times) > MAX_NEW_TIMES:
        raise ValidationError({"times": _("Offer at most %(count)d times at once.") % {"count": MAX_NEW_TIMES}})
    clean = _details(organization, details or {})
    now = timezone.now()
    slots = []
    for starts_at in times:
        if starts_at <= now:
            raise ValidationError({"times": _("An interview time must be in the future.")})
        if starts_at > now + MAX_AHEAD:
            raise ValidationError({"times": _("Offer times within the next six months.")})
        ends_at = starts_at + datetime.timedelta(minutes=clean["minutes"])
        interviewer = clean["interviewer"]
        if interviewer is not None and _interviewer_busy(interviewer, starts_at, ends_at):
            raise ValidationError(
                {
                    "times": _("The interviewer already has an interview booked at %(time)s.")
                    % {"time": notices.when(starts_at)}
                }
            )
        fields = {k: v for k, v in clean.items() if k != "minutes"}
        try:
            with transaction.atomic():
                slots.append(
                    InterviewSlot.objects.create(
                        organization=organization, starts_at=starts_at, ends_at=ends_at, created_by=actor, **fields
                    )
                )
        except IntegrityError:
            raise ValidationError(
                {
                    "times": _("The interviewer already has a time at %(time)s; offer that one instead.")
                    % {"time": notices.when(starts_at)}
                }
            ) from None
    return slots


def _existing_slots(organization, slots) -> list[InterviewSlot]:
    ids = {getattr(s, "pk", s) for s in slots}
    if not ids:
        return []
    if InterviewSlot.objects.filter(pk__in=ids).exclude(organization=organization).exists():
        raise AccessDenied(hide=True)  # another employer's times: answered as if they did not exist
    found = list(
        InterviewSlot.objects.filter(
            organization=organization, pk__in=ids, booking__isnull=True, starts_at__gt=timezone.now()
        )
    )
    if len(found) != len(ids):
        raise ValidationError({"offer_slots": _("Some of the chosen times are taken or past; choose others.")})
    return found


def _offer(interview: Interview, *, actor, times, details, offer_slots) -> None:
    organization = interview.application.position.organization
    slots = _new_slots(organization=organization, actor=actor, times=times, details=details)
    slots += _existing_slots(organization, offer_slots)
    if not slots:
        raise ValidationError({"times": _("Offer at least one interview time.")})
    interview.offered_slots.set(slots)


def _require_employer(actor, interview: Interview) -> None:
    if not (can_schedule_interview(actor, interview.application) or is_bureau_staff(actor)):
        raise AccessDenied(hide=True)


@transaction.atomic
def interview_propose(
    *, application: Application, actor, times=(), details: dict | None = None, offer_slots=(), note: str = ""
) -> Interview:
    """Invite the applicant: new times (sharing `details`: mode, minutes, address or video_link, contact_name,
    contact_phone, bring, interviewer) and/or open times the organization already offers others. An application
    not yet at "interview" moves there."""
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("position__organization")
        .get(pk=application.pk)
    )
    if not can_schedule_interview(actor, application):
        raise AccessDenied(hide=True)
    if application.is_final():
        raise ValidationError(_("This application is closed; it cannot be invited to an interview."))
    if application.interviews.active().exists():
        raise ValidationError(_("This application already has an interview under way; reschedule or cancel it."))
    note = _text(note, field="note", limit=1000)
    interview = Interview.objects.create(application=application, note=note, created_by=actor)
    _offer(interview, actor=actor, times=times, details=details, offer_slots=offer_slots)
    event = event_record(interview, InterviewEvent.Kind.PROPOSED, actor=actor, note=note)
    if application.status in (A.SUBMITTED, A.VIEWED):
        application_transition(
            application=application, actor=actor, to_status=A.INTERVIEW, note=note[:300], notice=False
        )
    notices.tell_proposed(interview, key=str(event.pk), rescheduled=False)
    return interview


def _book(interview: Interview, slot: InterviewSlot) -> InterviewSlot:
    """Book `slot` for the locked interview, or refuse: the slot's row is locked, then its interviewer's."""
    slot = InterviewSlot.objects.select_for_update(of=("self",)).filter(pk=slot.pk).first()
    if slot is None or not interview.offered_slots.filter(pk=slot.pk).exists():
        raise ValidationError({"slot": _("Choose one of the times offered to you.")})
    if slot.booking_id is not None or slot.starts_at <= timezone.now():
        raise ValidationError({"slot": _("This time has just been taken; please choose another.")})
    if slot.interviewer_id is not None:
        get_user_model().objects.select_for_update().filter(pk=slot.interviewer_id).first()
        if _interviewer_busy(slot.interviewer_id, slot.starts_at, slot.ends_at, exclude_pk=slot.pk):
            raise ValidationError({"slot": _("This time has just been taken; please choose another.")})
    slot.booking = interview
    slot.save(update_fields=["booking"])
    interview.status, interview.booking_round = S.BOOKED, interview.booking_round + 1
    interview.save(update_fields=["status", "booking_round", "updated_at"])
    interview.booked_slot = slot
    return slot


def interview_pick(*, interview: Interview, actor, slot: InterviewSlot) -> Interview:
    """The applicant picks one of the offered times."""
    try:
        with transaction.atomic():
            interview = interview_locked(interview)
            if not is_applicant(actor, interview.application):
                raise AccessDenied(hide=True)
            if not interview.awaits_pick():
                raise ValidationError(_("This interview is not waiting for you to pick a time."))
            slot = _book(interview, slot)
            event = event_record(interview, InterviewEvent.Kind.PICKED, actor=actor, slot=slot)
            notices.tell_picked(interview, key=str(event.pk), moved=False)
    except IntegrityError:  # the database's backstop: another booking committed first
        raise ValidationError({"slot": _("This time has just been taken; please choose another.")}) from None
    return interview


@transaction.atomic
def interview_request_retime(*, interview: Interview, actor, note: str) -> Interview:
    """None of the offered times suits the applicant: they ask for another, saying when they can."""
    interview = interview_locked(interview)
    if not is_applicant(actor, interview.application):
        raise AccessDenied(hide=True)
    if not interview.can_request_retime():
        raise ValidationError(_("You can ask for another time while the times are on offer."))
    note = _text(note, field="note", limit=500, required=_("Say which times would suit you."))
    interview.status, interview.retime_note = S.RETIME, note
    interview.save(update_fields=["status", "retime_note", "updated_at"])
    event = event_record(interview, InterviewEvent.Kind.RETIME, actor=actor, note=note)
    notices.tell_retime(interview, key=str(event.pk), note=note)
    return interview


def interview_reschedule(
    *,
    interview: Interview,
    actor,
    reason: str = "",
    times=(),
    details: dict | None = None,
    offer_slots=(),
    slot: InterviewSlot | None = None,
) -> Interview:
    """Change the time. The applicant moves a booking to another offered time (`slot`), or releases it and asks for
    another time (reason = when they can). The employer offers new times (`times`/`offer_slots`), which also
    answers an applicant's request; a booked time is released, and then a reason is required."""
    try:
        with transaction.atomic():
            interview = interview_locked(interview)
            if is_applicant(actor, interview.application):
                return _applicant_reschedule(interview, actor=actor, reason=reason, slot=slot)
            _require_employer(actor, interview)
            return _employer_reschedule(
                interview, actor=actor, reason=reason, times=times, details=details, offer_slots=offer_slots
            )
    except IntegrityError:
        raise ValidationError({"slot": _("This time has just been taken; please choose another.")}) from None


def _applicant_reschedule(interview: Interview, *, actor, reason: str, slot) -> Interview:
    if not interview.is_booked():
        raise ValidationError(_("Only a booked interview can be rescheduled; pick a time or ask for another."))
    reason = _text(reason, field="reason", limit=500, required=_("Give a reason for rescheduling."))
    old = slot_release(interview)
    if slot is None:
        interview.status, interview.retime_note = S.RETIME, reason
        interview.save(update_fields=["status", "retime_note", "last_slot", "updated_at"])
        event = event_record(interview, InterviewEvent.Kind.RESCHEDULED, actor=actor, note=reason, slot=old)
        notices.tell_retime(interview, key=str(event.pk), note=reason)
        return interview
    interview.save(update_fields=["last_slot", "updated_at"])
    new = _book(interview, slot)
    event = event_record(interview, InterviewEvent.Kind.RESCHEDULED, actor=actor, note=reason, slot=new)
    notices.tell_picked(interview, key=str(event.pk), moved=True)
    return interview


def _employer_reschedule(interview: Interview, *, actor, reason, times, details, offer_slots) -> Interview:
    if not interview.is_active():
        raise ValidationError(_("This interview is over or cancelled; propose a new one instead."))
    booked = interview.is_booked()
    reason = _text(reason, field="reason", limit=500, required=_("Give a reason for rescheduling.") if booked else "")
    old = slot_release(interview)
    _offer(interview, actor=actor, times=times, details=details, offer_slots=offer_slots)
    interview.status = S.PROPOSED
    interview.save(update_fields=["status", "last_slot", "updated_at"])
    kind = InterviewEvent.Kind.RESCHEDULED if booked else InterviewEvent.Kind.PROPOSED
    event = event_record(interview, kind, actor=actor, note=reason, slot=old)
    notices.tell_proposed(interview, key=str(event.pk), rescheduled=True, reason=reason)
    return interview


@transaction.atomic
def interview_cancel(*, interview: Interview, actor, reason: str) -> Interview:
    """Either side (or staff) calls the interview off, with a reason; a booked time is freed for others."""
    interview = interview_locked(interview)
    by_applicant = is_applicant(actor, interview.application)
    if not by_applicant:
        _require_employer(actor, interview)
    if not interview.is_active():
        raise ValidationError(_("This interview is already over or cancelled."))
    reason = _text(reason, field="reason", limit=300, required=_("Give a reason for cancelling."))
    recipients = notices.employer_side(interview) if by_applicant else [interview.application.veteran]
    if is_bureau_staff(actor) and not can_schedule_interview(actor, interview.application):
        recipients = [interview.application.veteran, *notices.employer_side(interview)]
    old = slot_release(interview)
    interview.status, interview.cancel_reason, interview.cancelled_by = S.CANCELLED, reason, actor
    interview.save(update_fields=["status", "cancel_reason", "cancelled_by", "last_slot", "updated_at"])
    event = event_record(interview, InterviewEvent.Kind.CANCELLED, actor=actor, note=reason, slot=old)
    notices.tell_cancelled(
        interview, key=str(event.pk), by_applicant=by_applicant, reason=reason, recipients=recipients
    )
    return interview


@transaction.atomic
def interview_record_outcome(*, interview: Interview, actor, outcome: str = "", note: str = "") -> Interview:
    """After the interview: mark it held and, when decided, move the application (intent, hired or not selected)
    through the application service, which notifies the applicant and opens the employment record on a hire."""
    interview = interview_locked(interview)
    _require_employer(actor, interview)
    if outcome not in OUTCOMES:
        raise ValidationError({"outcome": _("Choose hired, intent reached, not selected or no decision yet.")})
    if not interview.is_booked():
        raise ValidationError(_("Only a booked interview can be recorded as held."))
    slot = interview.slot()
    if slot.starts_at > timezone.now():
        raise ValidationError(_("Record the outcome once the interview has taken place."))
    note = _text(note, field="note", limit=300)
    interview.status = S.HELD
    interview.save(update_fields=["status", "updated_at"])
    event_record(interview, InterviewEvent.Kind.HELD, actor=actor, note=note, slot=slot)
    if outcome and outcome != interview.application.status:
        application_transition(application=interview.application, actor=actor, to_status=outcome, note=note)
    return interview
