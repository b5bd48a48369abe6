"""Reads with logic: catalogue search, attendance rates, institution statistics."""

import datetime
import logging

from django.apps import apps
from django.db.models import Avg, Count, DateTimeField, Exists, ExpressionWrapper, F, OuterRef, Q
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils import timezone

from portal.models.reference import localized
from portal.search import search
from portal.staff.sections import Chart, Figure, Section, Table, in_period, in_region
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


HIRE_WINDOW_DAYS = 183  # "within 6 months" of completion


def _employment_record_model():
    """jobs.EmploymentRecord (a hire: created when an application reaches "hired"), or None without the jobs app."""
    if not apps.is_installed("jobs"):
        return None
    try:
        return apps.get_model("jobs", "EmploymentRecord")
    except LookupError:
        return None


def hired_within_6_months() -> tuple[Q, str]:
    """A filter on Enrollment rows, and its source: the graduate's employment started on the completion day or
    within HIRE_WINDOW_DAYS after it. Built on jobs' EmploymentRecord when jobs is installed; otherwise on the
    veteran profile saying "employed" and updated in that window (a weaker signal, used only without jobs)."""
    window = datetime.timedelta(days=HIRE_WINDOW_DAYS)
    record_model = _employment_record_model()
    if record_model is not None:
        # The bounds are written inline (not as annotations): an aggregate's FILTER cannot see annotation aliases.
        completed_on = TruncDate(ExpressionWrapper(OuterRef("completed_at"), output_field=DateTimeField()))
        window_end = TruncDate(ExpressionWrapper(OuterRef("completed_at") + window, output_field=DateTimeField()))
        hires = record_model.objects.filter(
            veteran_id=OuterRef("veteran_id"), started_on__gte=completed_on, started_on__lte=window_end
        )
        return Q(Exists(hires)), "jobs"
    from portal.choices import EmploymentStatus

    return Q(
        veteran__veteran_profile__employment_status=EmploymentStatus.EMPLOYED,
        veteran__veteran_profile__updated_at__gte=F("completed_at"),
        veteran__veteran_profile__updated_at__lte=ExpressionWrapper(
            F("completed_at") + window, output_field=DateTimeField()
        ),
    ), "profile"


def hire_window_open(now=None) -> Q:
    """A filter on Enrollment rows: the graduate's 6-month window has not closed yet (a day counts whole, as in
    hired_within_6_months), so not having been hired yet is not an outcome."""
    today = timezone.localdate(now)
    first_open_day = today - datetime.timedelta(days=HIRE_WINDOW_DAYS)
    return Q(completed_at__gte=timezone.make_aware(datetime.datetime.combine(first_open_day, datetime.time.min)))


def hire_counts(*, completed: Q = None, now=None) -> dict:
    """Aggregate expressions (for .aggregate) counting distinct graduates among rows matching `completed`: all,
    hired within 6 months, pending (not hired yet, window still open) and not hired (window closed). A person
    with two completions counts once in each outcome one of them has."""
    hired_q, _source = hired_within_6_months()
    completed = (
        completed if completed is not None else Q(status=Enrollment.Status.COMPLETED, completed_at__isnull=False)
    )
    window_open = hire_window_open(now)
    return {
        "graduates": Count("veteran_id", distinct=True, filter=completed),
        "hired": Count("veteran_id", distinct=True, filter=completed & hired_q),
        "pending": Count("veteran_id", distinct=True, filter=completed & ~hired_q & window_open),
        "not_hired": Count("veteran_id", distinct=True, filter=completed & ~hired_q & ~window_open),
    }


def hired_rate(counts: dict, digits: int = 0):
    """Share (%) of the decided graduates (hired + not hired) who were hired; None while nobody is decided."""
    decided = counts["hired"] + counts["not_hired"]
    return round(100 * counts["hired"] / decided, digits or None) if decided else None


def graduates_hired(enrollments) -> dict:
    """One aggregate query over completed enrolments: distinct graduates, those hired within 6 months of a
    completion, those still inside their window (pending) and those whose window closed without a hire.
    Returns {"graduates", "hired", "pending", "not_hired": int, "source": "jobs" | "profile"}."""
    counts = enrollments.aggregate(**hire_counts())
    counts["source"] = hired_within_6_months()[1]
    return counts


def institution_stats(institution) -> dict:
    """Completion rate, average rating and the share of decided graduates hired within six months (graduates
    still inside their window are pending, not counted as not hired)."""
    finished = Enrollment.objects.filter(
        training_class__course__institution=institution,
        status__in=[Enrollment.Status.COMPLETED, Enrollment.Status.NOT_COMPLETED],
    )
    counts = finished.aggregate(total=Count("pk"), completed=Count("pk", filter=Q(status=Enrollment.Status.COMPLETED)))
    rating = Evaluation.objects.filter(enrollment__training_class__course__institution=institution).aggregate(
        avg=Avg("rating"), n=Count("pk")
    )
    hires = graduates_hired(finished)
    return {
        "finished": counts["total"],
        "completed": counts["completed"],
        "completion_rate": round(100 * counts["completed"] / counts["total"]) if counts["total"] else None,
        "average_rating": round(rating["avg"], 1) if rating["avg"] is not None else None,
        "ratings": rating["n"],
        "graduates": hires["graduates"],
        "hired": hires["hired"],
        "hired_pending": hires["pending"],
        "not_hired": hires["not_hired"],
        "hired_rate": hired_rate(hires),
        "hired_source": hires["source"],
    }


# --- the staff dashboard (portal/staff/dashboard.py contract) -------------------------------------------------


def payment_totals(*, region=None, start=None, end=None) -> dict:
    """Recorded subsidy payments summed per institution over the period (by payment date), largest first: one
    aggregate query, Decimal sums (right to the fen)."""
    from django.db.models import Sum

    from training.models import SubsidyPayment

    institution = "claim__enrollment__training_class__course__institution__name"
    rows = (
        SubsidyPayment.objects.filter(in_region("claim__enrollment__training_class__region", region))
        .filter(in_period("paid_on", start, end, is_date=True))
        .values(institution)
        .annotate(total=Sum("amount"))
        .order_by("-total", institution)
    )
    return {row[institution]: row["total"] for row in rows}


def dashboard_figures(*, region=None, start=None, end=None) -> Section:
    """Training for the bureau's dashboard: enrolments, completions, graduates hired within 6 months, subsidy
    amounts claimed / approved / paid; by course type and by district. Region = the class's region (and below);
    each figure counts on the date its event happened; subsidies paid per institution by payment date. Five
    aggregate queries, no loops over rows."""
    from django.db.models import Sum
    from django.utils.translation import gettext as _

    from training.models import SubsidyClaim

    enrollments = Enrollment.objects.filter(in_region("training_class__region", region))
    claims = SubsidyClaim.objects.filter(in_region("enrollment__training_class__region", region))
    enrolled_in_period = in_period("created_at", start, end)
    completed_in_period = Q(status=Enrollment.Status.COMPLETED, completed_at__isnull=False) & in_period(
        "completed_at", start, end
    )
    e = enrollments.aggregate(
        enrolments=Count("pk", filter=enrolled_in_period),
        waitlisted=Count("pk", filter=enrolled_in_period & Q(status=Enrollment.Status.WAITLISTED)),
        completions=Count("pk", filter=completed_in_period),
        **hire_counts(completed=completed_in_period),
    )
    decided = Q(status__in=[SubsidyClaim.Status.APPROVED, SubsidyClaim.Status.PAID]) & in_period(
        "decided_at", start, end
    )
    # What was approved is the approved amount (it may be less than claimed); claims decided before approval
    # amounts existed count at the claimed amount.
    approved_amount = Coalesce("approved_amount", "amount")
    paid = Q(status=SubsidyClaim.Status.PAID) & in_period("paid_at", start, end)
    filed = in_period("created_at", start, end)
    c = claims.aggregate(
        claimed_n=Count("pk", filter=filed),
        claimed=Sum("amount", filter=filed),
        approved_n=Count("pk", filter=decided),
        approved=Sum(approved_amount, filter=decided),
        paid_n=Count("pk", filter=paid),
        paid=Sum(Coalesce("payment__amount", "approved_amount", "amount"), filter=paid),
    )
    by_type = dict(
        enrollments.filter(enrolled_in_period)
        .values_list("training_class__course__course_type")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_region = (
        enrollments.values(
            "training_class__region__code", "training_class__region__name", "training_class__region__name_en"
        )
        .annotate(
            enrolments=Count("pk", filter=enrolled_in_period),
            completions=Count("pk", filter=completed_in_period),
        )
        .filter(Q(enrolments__gt=0) | Q(completions__gt=0))
        .order_by("-enrolments", "training_class__region__code")[:20]
    )
    by_institution = payment_totals(region=region, start=start, end=end)
    money = [c["claimed"] or 0, c["approved"] or 0, c["paid"] or 0]
    share_hired = hired_rate(e, digits=1) or 0
    return Section(
        title=_("Training"),
        figures=[
            Figure(_("Training enrolments"), e["enrolments"]),
            Figure(_("On a waitlist"), e["waitlisted"]),
            Figure(_("Training completions"), e["completions"]),
            Figure(_("Graduates employed within 6 months of training"), e["hired"]),
            Figure(_("Graduates still inside their 6-month window"), e["pending"]),
            Figure(_("Graduates not employed within 6 months"), e["not_hired"]),
            Figure(_("Share of decided graduates employed within 6 months (%)"), share_hired, unit="%"),
            Figure(_("Subsidy claims filed"), c["claimed_n"]),
            Figure(_("Subsidy amount claimed (CNY)"), money[0], unit="CNY", link=reverse("training:claims")),
            Figure(_("Subsidy amount approved (CNY)"), money[1], unit="CNY"),
            Figure(_("Subsidy amount paid (CNY)"), money[2], unit="CNY"),
        ],
        charts=[
            Chart.by_choice(
                id="training-types",
                type="bar",
                title=_("Training enrolments by course type"),
                choices=Course.Type.choices,
                counts=by_type,
            ),
            Chart(
                id="training-subsidies",
                type="bar",
                title=_("Training subsidies (CNY)"),
                labels=[_("Claimed"), _("Approved"), _("Paid")],
                data=money,
            ),
            Chart(
                id="training-subsidy-institutions",
                type="bar",
                title=_("Training subsidies paid by institution (CNY)"),
                labels=list(by_institution),
                data=list(by_institution.values()),
            ),
        ],
        table=Table(
            id="training-regions",
            caption=_("Regions ranked by training enrolments"),
            columns=[_("Code"), _("Region"), _("Training enrolments"), _("Training completions")],
            rows=[
                [
                    r["training_class__region__code"],
                    localized(r, "training_class__region__"),
                    r["enrolments"],
                    r["completions"],
                ]
                for r in by_region
            ],
        ),
    )


def evaluation_measures(*, institution, period: str) -> dict:
    """What the data says of an institution's classes ending in the period, each as 0–100 (None without data):
    attendance (sessions attended / sessions × trainees), completion, employment within 6 months, trainee
    ratings (average of 1–5 as a share of 5). The evaluator sees them beside the rubric, and they are kept with
    the scores."""
    from training.models import Attendance
    from training.models.committee import period_bounds

    start, end = period_bounds(period)
    enrollments = Enrollment.objects.filter(
        training_class__course__institution=institution,
        training_class__end_date__gte=start,
        training_class__end_date__lte=end,
    )
    trained = enrollments.filter(
        status__in=[Enrollment.Status.ENROLLED, Enrollment.Status.COMPLETED, Enrollment.Status.NOT_COMPLETED]
    )
    expected = sum(
        trained.values("training_class_id")
        .annotate(n=Count("training_class__sessions", distinct=True) * Count("pk", distinct=True))
        .values_list("n", flat=True)
    )
    attended = Attendance.objects.filter(enrollment__in=trained).count()
    finished = enrollments.filter(status__in=[Enrollment.Status.COMPLETED, Enrollment.Status.NOT_COMPLETED])
    counts = finished.aggregate(total=Count("pk"), completed=Count("pk", filter=Q(status=Enrollment.Status.COMPLETED)))
    hires = graduates_hired(finished)
    rating = Evaluation.objects.filter(enrollment__in=enrollments).aggregate(avg=Avg("rating"))["avg"]

    def share(part, whole):
        return round(100 * part / whole) if whole else None

    return {
        "classes": enrollments.values("training_class_id").distinct().count(),
        "attendance": share(attended, expected),
        "completion": share(counts["completed"], counts["total"]),
        "employment": share(hires["hired"], hires["hired"] + hires["not_hired"]),
        "ratings": round(rating * 20) if rating is not None else None,
    }


def published_evaluations(institution):
    from training.models import EvaluationResult

    return EvaluationResult.objects.filter(institution=institution).order_by("-period")
