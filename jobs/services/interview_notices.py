"""What interviews tell people, and the reminders the day before and an hour before.

Every notice goes through portal.services.notify (in-site always; e-mail and text messages where the person
allows them; the e-mail carries the calendar file, see jobs.calendar). Each is written in its reader's language
and keyed by the interview event it announces, so a retry never tells twice.
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _

from jobs.models import Interview, InterviewReminder, InterviewSlot
from portal.messages import Message, lines
from portal.services.notifications import notify

KIND = "jobs_interview"
REMINDER_WINDOWS = {
    InterviewReminder.Kind.HOUR: (datetime.timedelta(0), datetime.timedelta(hours=1)),
    InterviewReminder.Kind.DAY: (datetime.timedelta(hours=1), datetime.timedelta(hours=24)),
}


def when(moment: datetime.datetime) -> str:
    """A time as its reader writes it (2026年12月2日 14:00)."""
    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def veteran_url(interview: Interview) -> str:
    return reverse("jobs:interview", args=[interview.pk])


def employer_url(interview: Interview) -> str:
    return reverse("jobs:employer_interview", args=[interview.pk])


def employer_side(interview: Interview) -> list:
    """Who on the employer's side hears of it: the booked time's interviewer and whoever proposed the interview;
    the organization's members when neither is there any more."""
    slot = interview.slot()
    people = [p for p in (slot.interviewer if slot else None, interview.created_by) if p is not None and p.is_active]
    if not people:
        memberships = interview.application.position.organization.memberships.select_related("user")
        people = [m.user for m in memberships if m.user.is_active]
    return list({p.pk: p for p in people}.values())


def tell(*, interview: Interview, recipients, key: str, text, employer: bool) -> int:
    """Notify each recipient once for `key`; `text()` gives (title, body) and is called in the reader's language."""
    told = 0
    url = employer_url(interview) if employer else veteran_url(interview)
    for recipient in recipients:
        with translation.override(recipient.language or settings.LANGUAGE_CODE):
            title, body = text()
        told += (
            notify(
                recipient=recipient,
                event_key=f"jobs-interview-{interview.pk}-{key}",
                kind=KIND,
                title=title,
                body=body,
                url=url,
            )
            is not None
        )
    return told


def slot_lines(slot: InterviewSlot) -> Message:
    """The slot's time, place and contact, one per line (a Message: read in its reader's language)."""
    if slot.mode == slot.Mode.ONSITE:
        place = Message(_("Address: %(address)s"), address=slot.address)
    else:
        place = Message(_("Video link: %(link)s"), link=slot.video_link)
    return lines(
        Message("%(time)s", time=slot.starts_at),
        place,
        Message(_("Contact: %(name)s, %(phone)s"), name=slot.contact_name, phone=slot.contact_phone),
        slot.bring and Message(_("What to bring: %(bring)s"), bring=slot.bring),
    )


def _names(interview: Interview) -> dict:
    position = interview.application.position
    return {
        "position": position.title,
        "employer": position.organization.name,
        "applicant": interview.application.applicant_name,
    }


def _with_note(body, label, note: str):
    return lines(body, note and Message(label, note=note))


def tell_proposed(interview: Interview, *, key: str, rescheduled: bool, reason: str = "") -> None:
    def text():
        names = _names(interview)
        if rescheduled:
            title = Message(_("Interview rescheduled: %(position)s"), **names)
            body = Message(_("%(employer)s offers new interview times; please choose one."), **names)
            body = _with_note(body, _("Reason: %(note)s"), reason)
        else:
            title = Message(_("Interview invitation: %(position)s"), **names)
            body = Message(
                _("%(employer)s invites you to an interview; please choose one of the offered times."), **names
            )
        return title, _with_note(body, _("Note from the employer: %(note)s"), interview.note)

    tell(interview=interview, recipients=[interview.application.veteran], key=key, text=text, employer=False)


def tell_picked(interview: Interview, *, key: str, moved: bool) -> None:
    slot = interview.slot()

    def to_veteran():
        names = _names(interview)
        return Message(_("Interview booked: %(position)s"), **names), slot_lines(slot)

    def to_employer():
        names = {**_names(interview), "time": slot.starts_at}
        if moved:
            return Message(_("%(applicant)s moved the interview to %(time)s"), **names), names["position"]
        return Message(_("%(applicant)s picked %(time)s for the interview"), **names), names["position"]

    tell(interview=interview, recipients=[interview.application.veteran], key=key, text=to_veteran, employer=False)
    tell(interview=interview, recipients=employer_side(interview), key=key, text=to_employer, employer=True)


def tell_retime(interview: Interview, *, key: str, note: str) -> None:
    def text():
        names = _names(interview)
        title = Message(_("%(applicant)s asks for another interview time"), **names)
        return title, _with_note(names["position"], _("Their note: %(note)s"), note)

    tell(interview=interview, recipients=employer_side(interview), key=key, text=text, employer=True)


def tell_cancelled(interview: Interview, *, key: str, by_applicant: bool, reason: str, recipients) -> None:
    def text():
        names = _names(interview)
        if by_applicant:
            title = Message(_("%(applicant)s cancelled the interview for %(position)s"), **names)
        else:
            title = Message(_("Interview cancelled: %(position)s"), **names)
        return title, _with_note("", _("Reason: %(note)s"), reason)

    tell(interview=interview, recipients=recipients, key=key, text=text, employer=not by_applicant)


# --- reminders ------------------------------------------------------------------------------------------------------


def _remind(interview: Interview, kind: str) -> int:
    """Send one reminder to both sides, once: the marker row and the notices commit together, so a failure leaves
    nothing marked and the next sweep tries again, and a duplicate finds the marker and sends nothing."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                InterviewReminder.objects.create(interview=interview, kind=kind, booking_round=interview.booking_round)
        except IntegrityError:
            return 0
        slot = interview.slot()

        def text():
            names = {**_names(interview), "time": slot.starts_at}
            if kind == InterviewReminder.Kind.DAY:
                title = Message(_("Reminder: interview for %(position)s at %(time)s"), **names)
            else:
                title = Message(_("Reminder: interview for %(position)s in an hour (%(time)s)"), **names)
            return title, slot_lines(slot)

        key = f"remind-{kind}-{interview.booking_round}"
        tell(interview=interview, recipients=[interview.application.veteran], key=key, text=text, employer=False)
        tell(interview=interview, recipients=employer_side(interview), key=key, text=text, employer=True)
    return 1


def interview_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Remind every booked interview that entered a reminder window and has no marker for it yet (the hour window
    is the last hour before the start, the day window the 23 hours before that). Returns how many were sent."""
    now = now or timezone.now()
    sent = 0
    for kind, (near, far) in REMINDER_WINDOWS.items():
        marked = InterviewReminder.objects.filter(
            interview=OuterRef("pk"), kind=kind, booking_round=OuterRef("booking_round")
        )
        due = (
            Interview.objects.filter(
                status=Interview.Status.BOOKED,
                booked_slot__starts_at__gt=now + near,
                booked_slot__starts_at__lte=now + far,
            )
            .filter(~Exists(marked))
            .select_related("application__veteran", "application__position__organization", "created_by")
            .order_by("booked_slot__starts_at")
        )
        for interview in due[:500]:
            sent += _remind(interview, kind)
    return sent
