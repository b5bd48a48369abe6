"""A user's training data for the personal-data download, and anonymization on account deletion."""

from portal.models import ThreadMessage
from portal.times import local_iso
from training.models import Certificate, Enrollment


def _my_enrolment_messages(user):
    return ThreadMessage.objects.about_model(Enrollment).filter(author=user).select_related("thread")


def export(user) -> dict:
    rows = Enrollment.objects.filter(veteran=user).select_related("training_class__course")
    return {
        "enrollments": [
            {
                "course": e.training_class.course.title,
                "class": e.training_class.name,
                "status": e.status,
                "created_at": local_iso(e.created_at),
                "exam_score": e.exam_score,
                "certificate": getattr(getattr(e, "certificate", None), "number", None),
            }
            for e in rows
        ],
        "enrolment_messages": [
            {
                "enrollment": m.thread.object_id,
                "body": m.body,
                "attachment": bool(m.attachment),
                "sent_at": local_iso(m.created_at),
            }
            for m in _my_enrolment_messages(user)
        ],
    }


def erase(user) -> None:
    # Certificates stay verifiable (they are public records) but no longer carry the holder's name: they show
    # "Deleted user" (portal.people.display_name).
    Certificate.objects.filter(enrollment__veteran=user).update(holder_name="")
    # What the person wrote goes (their attachments with the rows); the institution's side of the thread stays.
    for message in _my_enrolment_messages(user):
        message.delete()
