"""Reads with logic: catalogue search, attendance rates, institution statistics."""

import datetime
import logging

from django.apps import apps
from django.db.models import Avg, Count, Q

from portal.search import search
from training.models import ClassSession, Course, Enrollment, Evaluation

logger = logging.getLogger(__name__)


def course_catalogue(*, q: str = "", course_type: str = "", module: str = "", delivery: str = "", region=None):
    """Published courses of verified institutions, filtered and (with a query) ranked by relevance."""
    qs = Course.objects.published().select_related("institution")
    if course_type:
        qs = qs.filter(course_type=course_type)
    if module:
        qs = qs.filter(module=module)
    if delivery:
        qs = qs.filter(delivery=delivery)
    if region is not None:
        prefix = region.code[:2] if region.level == 1 else region.code[:4]
        qs = qs.filter(classes__region__code__startswith=prefix).distinct()
    if q:
        qs, _searched = search(qs, q)
        return qs.order_by("-search_rank", "-created_at")
    return qs


def attendance_rate(enrollment: Enrollment) -> int:
    """Share (0–100) of the class's sessions that have started which the veteran attended; 100 with no sessions."""
    sessions = ClassSession.objects.filter(training_class_id=enrollment.training_class_id)
    total = sessions.count()
    if total == 0:
        return 100
    attended = enrollment.attendances.count()
    return round(100 * attended / total)


def _employment_record_model():
    """jobs.EmploymentRecord if the jobs app provides it (it is built in parallel), else None."""
    if not apps.is_installed("jobs"):
        return None
    try:
        return apps.get_model("jobs", "EmploymentRecord")
    except LookupError:
        return None


def _hired_within(graduates, days: int = 183) -> tuple[int, str]:
    """How many of the completed enrolments led to a hire within ~6 months of completion, and from which source."""
    record_model = _employment_record_model()
    if record_model is not None:
        field_names = {f.name for f in record_model._meta.get_fields()}
        user_field = "veteran" if "veteran" in field_names else "user"
        date_field = next((n for n in ("start_date", "started_on", "hired_on", "hired_at") if n in field_names), None)
        if user_field in field_names and date_field:
            hired = 0
            for veteran_id, completed_at in graduates:
                start = completed_at.date() if isinstance(completed_at, datetime.datetime) else completed_at
                if record_model.objects.filter(
                    **{
                        user_field + "_id": veteran_id,
                        date_field + "__gte": start,
                        date_field + "__lte": start + datetime.timedelta(days=days),
                    }
                ).exists():
                    hired += 1
            return hired, "jobs"
    # Fallback: the veteran profile says "employed" and was updated after completion.
    from portal.models import VeteranProfile

    hired = 0
    for veteran_id, completed_at in graduates:
        if VeteranProfile.objects.filter(
            user_id=veteran_id,
            employment_status="employed",
            updated_at__gte=completed_at,
            updated_at__lte=completed_at + datetime.timedelta(days=days),
        ).exists():
            hired += 1
    return hired, "profile"


def institution_stats(institution) -> dict:
    """Completion rate, average rating and the share of graduates hired within six months."""
    finished = Enrollment.objects.filter(
        training_class__course__institution=institution,
        status__in=[Enrollment.Status.COMPLETED, Enrollment.Status.NOT_COMPLETED],
    )
    counts = finished.aggregate(total=Count("pk"), completed=Count("pk", filter=Q(status=Enrollment.Status.COMPLETED)))
    rating = Evaluation.objects.filter(enrollment__training_class__course__institution=institution).aggregate(
        avg=Avg("rating"), n=Count("pk")
    )
    graduates = list(
        finished.filter(status=Enrollment.Status.COMPLETED, completed_at__isnull=False).values_list(
            "veteran_id", "completed_at"
        )
    )
    hired, source = _hired_within(graduates) if graduates else (0, "none")
    return {
        "finished": counts["total"],
        "completed": counts["completed"],
        "completion_rate": round(100 * counts["completed"] / counts["total"]) if counts["total"] else None,
        "average_rating": round(rating["avg"], 1) if rating["avg"] is not None else None,
        "ratings": rating["n"],
        "graduates": len(graduates),
        "hired": hired,
        "hired_rate": round(100 * hired / len(graduates)) if graduates else None,
        "hired_source": source,
    }
