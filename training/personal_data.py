"""A user's training data for the personal-data download, and anonymization on account deletion."""

from portal.times import local_iso
from training.models import Certificate, Enrollment


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
        ]
    }


def erase(user) -> None:
    # Certificates stay verifiable (they are public records) but no longer carry the holder's name: they show
    # "Deleted user" (portal.people.display_name).
    Certificate.objects.filter(enrollment__veteran=user).update(holder_name="")
