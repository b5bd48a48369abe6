"""What every interview change does to the row: lock it, free its booked time, record the event — and the close
of an application's interviews, which the application service calls when the application is withdrawn or not
selected (interviews.py moves applications through application_transition, so it cannot be the module called back).
"""

from django.utils.translation import gettext as _

from jobs.models import Application, Interview, InterviewEvent, InterviewSlot
from jobs.permissions import is_applicant
from jobs.services import interview_notices as notices

S = Interview.Status


def event_record(interview: Interview, kind: str, *, actor, note: str = "", slot=None) -> InterviewEvent:
    return InterviewEvent.objects.create(
        interview=interview, kind=kind, actor=actor, note=note[:500], slot_starts_at=slot.starts_at if slot else None
    )


def interview_locked(interview: Interview) -> Interview:
    # of=("self",): lock the interview row only, not the application and position joined in (twenty applicants to
    # one position must not queue on the position's row).
    return (
        Interview.objects.select_for_update(of=("self",))
        .select_related("application__position__organization", "application__veteran")
        .get(pk=interview.pk)
    )


def slot_release(interview: Interview) -> InterviewSlot | None:
    """Free the booked slot (for other applicants), remembering it as the interview's last time."""
    slot = interview.slot()
    if slot is not None:
        InterviewSlot.objects.filter(pk=slot.pk).update(booking=None)
        interview.last_slot = slot
        interview._state.fields_cache.pop("booked_slot", None)
    return slot


def interviews_close_for_application(*, application: Application, actor) -> int:
    """The application was withdrawn or not selected: its interview under way is cancelled and its time freed."""
    closed = 0
    for interview in application.interviews.active():
        interview = interview_locked(interview)
        old = slot_release(interview)
        interview.status, interview.cancelled_by = S.CANCELLED, actor
        interview.cancel_reason = _("The application was closed.")
        interview.save(update_fields=["status", "cancel_reason", "cancelled_by", "last_slot", "updated_at"])
        event = event_record(
            interview, InterviewEvent.Kind.CANCELLED, actor=actor, note=interview.cancel_reason, slot=old
        )
        if is_applicant(actor, application):
            notices.tell_cancelled(
                interview,
                key=str(event.pk),
                by_applicant=True,
                reason=_("The applicant withdrew the application."),
                recipients=notices.employer_side(interview),
            )
        closed += 1
    return closed
