"""Reads with real logic: position search with filters and sorting, an employer's pipeline, fair statistics."""

from django.db.models import Count, Q, Subquery, Sum
from django.urls import reverse
from django.utils import timezone

from jobs import thesaurus
from jobs.models import Application, Booth, FairRegistration, IntentRecord, JobFair, Position
from jobs.models.applications import at_fair_booth
from portal.search import search
from portal.staff.sections import Chart, Figure, Section, Table, in_period, in_region

SORTS = ("relevance", "newest", "salary")
# A full-text search page keeps the ordered ids of at most SEARCH_RESULTS_LIMIT results per distinct query in the
# cache for SEARCH_CACHE_SECONDS: a common word matches thousands of positions, and ranking and counting them all on
# every request is most of the page's cost. Later pages and other visitors read the ids and load 20 rows by key.
SEARCH_RESULTS_LIMIT = 2000
SEARCH_CACHE_SECONDS = 60


def published_positions():
    return Position.objects.published().select_related("organization", "region", "category")


def position_page_queryset():
    """A position with what its page shows: employer and region names, category. Its military specialties are read
    by the page's cached part (jobs/_position_body.html) only when that part is rendered."""
    return Position.objects.select_related("organization__region", "region__parent__parent", "category")


def fair_position_ids(fair: JobFair):
    return Booth.positions.through.objects.filter(booth__fair=fair, booth__status=Booth.Status.APPROVED).values(
        "position_id"
    )


def position_search(
    *,
    q: str = "",
    region=None,
    category=None,
    salary_min: int | None = None,
    education: int | None = None,
    veteran_priority: bool = False,
    targeted: bool = False,
    welcomes_family: bool = False,
    fair: JobFair | None = None,
    sort: str = "relevance",
):
    """Published positions matching the query and filters, in the requested order."""
    qs = published_positions()
    if region is not None:
        qs = qs.filter(region__code__startswith=region.code_prefix)
    if category is not None:
        qs = qs.filter(Q(category=category) | Q(category__parent=category))
    if salary_min:
        qs = qs.filter(salary_max__gte=salary_min)
    if education is not None:
        qs = qs.filter(education__lte=education)
    if veteran_priority:
        qs = qs.filter(veteran_priority=True)
    if targeted:
        qs = qs.filter(targeted=True)
    if welcomes_family:
        qs = qs.filter(welcomes_family=True)
    if fair is not None:
        qs = qs.filter(pk__in=Subquery(fair_position_ids(fair)))
    # The thesaurus (synonyms, aliases) only for a typed query: listing and filtering need no cache or table read.
    qs, searched = search(qs, q, tokens=thesaurus.current().query_tokens(q) if q.strip() else [])
    if sort == "salary":
        return qs.order_by("-salary_max", "-published_at", "-id")
    if sort == "relevance" and searched:
        return qs.order_by("-search_rank", "-published_at", "-id")
    return qs.order_by("-published_at", "-id")


# Columns a result list never shows; leaving them out keeps the rows that are ranked and sorted narrow.
LIST_DEFERRED = (
    "description",
    "search_title",
    "search_body",
    "search_vector",
    "organization__description",
    "category__name_en",
)


def position_list(**filters):
    """position_search() for result lists (pages and API): wide text columns deferred."""
    return position_search(**filters).defer(*LIST_DEFERRED)


def _filters_key(filters: dict) -> str:
    import hashlib

    parts = sorted((k, getattr(v, "pk", v)) for k, v in filters.items())
    return "jobs-search:" + hashlib.sha256(repr(parts).encode()).hexdigest()[:40]


def search_result_ids(**filters) -> list[int]:
    """The ordered ids of a search's results (at most SEARCH_RESULTS_LIMIT), cached per query for a minute."""
    from django.core.cache import cache

    key = _filters_key(filters)
    ids = cache.get(key)
    if ids is None:
        ids = list(position_search(**filters).values_list("pk", flat=True)[:SEARCH_RESULTS_LIMIT])
        cache.set(key, ids, SEARCH_CACHE_SECONDS)
    return ids


def positions_by_ids(ids) -> list[Position]:
    """The result-list rows for these ids, in the order given (one query)."""
    rows = published_positions().defer(*LIST_DEFERRED).in_bulk(list(ids))
    return [rows[pk] for pk in ids if pk in rows]


def follow_up_queue(*, today, state: str = "due", months=None, region=None, employer: str = "", bureau_regions=None):
    """The staff follow-up queue: follow-ups in one state (due, overdue, upcoming, done), narrowed by milestone,
    region, employer name and, with `bureau_regions`, to the regions a staff member's bureaus cover."""
    from jobs.models import FollowUp

    states = {
        "due": lambda qs: qs.due(today).order_by("due_on", "pk"),
        "overdue": lambda qs: qs.overdue(today).order_by("due_on", "pk"),
        "upcoming": lambda qs: qs.upcoming(today).order_by("due_on", "pk"),
        "done": lambda qs: qs.done().order_by("-done_at", "-pk"),
    }
    qs = FollowUp.objects.filter(in_region("record__position__region", region))
    if months:
        qs = qs.filter(months=months)
    if employer:
        qs = qs.filter(record__organization__name__icontains=employer)
    if bureau_regions is not None:
        covered = Q(pk__in=[])
        for covered_region in bureau_regions:
            covered |= in_region("record__position__region", covered_region)
        qs = qs.filter(covered)
    qs = qs.select_related(
        "record__organization", "record__position__region", "record__veteran__veteran_profile", "recorded_by"
    )
    return states.get(state, states["due"])(qs)


def employer_applications(organizations):
    return (
        Application.objects.filter(position__organization__in=organizations)
        .select_related("position", "veteran__veteran_profile")
        .order_by("-created_at", "-id")
    )


def fair_stats(fair: JobFair) -> dict:
    """The figures bureaus report for a fair."""
    booths = Booth.objects.filter(fair=fair, status=Booth.Status.APPROVED)
    positions = Position.objects.filter(pk__in=Subquery(fair_position_ids(fair))).aggregate(
        n=Count("pk"), headcount=Sum("headcount")
    )
    registrations = FairRegistration.objects.filter(fair=fair).aggregate(
        n=Count("pk"), checked_in=Count("pk", filter=Q(checked_in_at__isnull=False))
    )
    applications = (
        Application.objects.counted_at_fairs()
        .filter(fair=fair)
        .aggregate(n=Count("pk"), hired=Count("pk", filter=Q(status=Application.Status.HIRED)))
    )
    return {
        "employers": booths.count(),
        "positions": positions["n"],
        "headcount": positions["headcount"] or 0,
        "registered": registrations["n"],
        "checked_in": registrations["checked_in"],
        "applications": applications["n"],
        "intents": IntentRecord.objects.filter(booth__fair=fair).count(),
        "hires": applications["hired"],
    }


def staff_fairs(*, past: bool = False):
    """Every fair (published or not) for the staff list, with its registrations and booths counted: upcoming
    (not yet ended) soonest first, or past ones latest first."""
    fairs = JobFair.objects.select_related("region").annotate(
        registered=_count_per_fair(FairRegistration.objects.all()),
        booths_pending=_count_per_fair(Booth.objects.filter(status=Booth.Status.PENDING)),
        booths_approved=_count_per_fair(Booth.objects.filter(status=Booth.Status.APPROVED)),
    )
    now = timezone.now()
    if past:
        return fairs.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    return fairs.filter(ends_at__gte=now).order_by("starts_at", "pk")


# --- staff workbench: the jobs section of the dashboard (portal/staff/dashboard.py has the contract) -------------

DASHBOARD_FAIRS_LIMIT = 20


def _count_per_fair(queryset, fair_field: str = "fair", expression: str = "pk"):
    """A correlated `(SELECT COUNT(...) ... WHERE <fair_field> = fair.id)` for annotating fairs without joins that
    would multiply each other's rows."""
    from django.db.models import IntegerField, OuterRef
    from django.db.models.functions import Coalesce

    counted = (
        queryset.filter(**{fair_field: OuterRef("pk")})
        .order_by()
        .values(fair_field)
        .annotate(n=Count(expression, distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def dashboard_figures(*, region=None, start=None, end=None) -> Section:
    """Positions published and headcount; the application funnel; fairs with their employers, positions,
    attendance and intents; employment follow-ups. Each figure comes from one aggregate query."""
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from jobs.models import ApplicationEvent, FollowUp

    positions = Position.objects.filter(
        in_region("region", region), in_period("published_at", start, end), published_at__isnull=False
    ).aggregate(n=Count("pk"), headcount=Sum("headcount"), priority=Count("pk", filter=Q(veteran_priority=True)))
    applications = Application.objects.filter(
        in_region("position__region", region), in_period("created_at", start, end)
    ).aggregate(n=Count("pk"), at_fairs=Count("pk", filter=at_fair_booth()))
    reached = ApplicationEvent.objects.filter(
        in_region("application__position__region", region),
        in_period("created_at", start, end),
        to_status__in=[Application.Status.INTENT, Application.Status.HIRED],
    ).aggregate(
        intents=Count("application", distinct=True, filter=Q(to_status=Application.Status.INTENT)),
        hires=Count("application", distinct=True, filter=Q(to_status=Application.Status.HIRED)),
    )

    fairs = JobFair.objects.filter(in_region("region", region), in_period("starts_at", start, end))
    approved_booths = Booth.objects.filter(status=Booth.Status.APPROVED, fair__in=fairs)
    fair_totals = {
        **fairs.aggregate(n=Count("pk")),
        **approved_booths.aggregate(employers=Count("pk", distinct=True), positions=Count("positions", distinct=True)),
        **FairRegistration.objects.filter(fair__in=fairs).aggregate(
            registered=Count("pk"), checked_in=Count("pk", filter=Q(checked_in_at__isnull=False))
        ),
        **IntentRecord.objects.filter(booth__fair__in=fairs).aggregate(intents=Count("pk")),
    }
    fair_rows = (
        fairs.annotate(
            employers=_count_per_fair(Booth.objects.filter(status=Booth.Status.APPROVED)),
            positions=_count_per_fair(
                Booth.positions.through.objects.filter(booth__status=Booth.Status.APPROVED),
                "booth__fair",
                "position",
            ),
            registered=_count_per_fair(FairRegistration.objects.all()),
            checked_in=_count_per_fair(FairRegistration.objects.filter(checked_in_at__isnull=False)),
            intents=_count_per_fair(IntentRecord.objects.all(), "booth__fair"),
        )
        .order_by("-starts_at", "-pk")
        .values_list("title", "starts_at", "employers", "positions", "registered", "checked_in", "intents")[
            :DASHBOARD_FAIRS_LIMIT
        ]
    )

    today = timezone.localdate()
    follow_ups = FollowUp.objects.filter(
        in_region("record__position__region", region), in_period("due_on", start, end, is_date=True)
    ).aggregate(
        due=Count("pk"),
        done=Count("pk", filter=Q(done_at__isnull=False)),
        employed=Count("pk", filter=Q(done_at__isnull=False, still_employed=True)),
        left=Count("pk", filter=Q(done_at__isnull=False, still_employed=False)),
        overdue=Count("pk", filter=Q(pk__in=FollowUp.objects.overdue(today).values("pk"))),
    )

    funnel_labels = [_("Applications"), _("Intents reached"), _("Hires")]
    return Section(
        title=_("Jobs and job fairs"),
        figures=[
            Figure(_("Positions published"), positions["n"], link=reverse("jobs:staff_review")),
            Figure(_("Headcount offered"), positions["headcount"] or 0),
            Figure(_("Positions preferring veterans"), positions["priority"]),
            Figure(_("Job applications"), applications["n"]),
            Figure(_("Applications made at fairs"), applications["at_fairs"]),
            Figure(_("Intents reached"), reached["intents"]),
            Figure(_("Hires"), reached["hires"]),
            Figure(_("Job fairs held"), fair_totals["n"], link=reverse("jobs:staff_fairs")),
            Figure(_("Employers at fairs"), fair_totals["employers"]),
            Figure(_("Positions at fairs"), fair_totals["positions"]),
            Figure(_("Fair registrations"), fair_totals["registered"]),
            Figure(_("Fair attendance (checked in)"), fair_totals["checked_in"]),
            Figure(_("Intents recorded at fairs"), fair_totals["intents"]),
            Figure(_("Employment follow-ups due"), follow_ups["due"]),
            Figure(_("Follow-ups recorded"), follow_ups["done"]),
            Figure(_("Follow-ups overdue"), follow_ups["overdue"]),
        ],
        charts=[
            Chart(
                id="jobs-funnel",
                type="bar",
                title=_("Application funnel"),
                labels=funnel_labels,
                data=[applications["n"], reached["intents"], reached["hires"]],
            ),
            Chart(
                id="jobs-follow-ups",
                type="doughnut",
                title=_("Employment follow-ups"),
                labels=[_("Still employed"), _("Left the job"), _("Not yet recorded")],
                data=[follow_ups["employed"], follow_ups["left"], follow_ups["due"] - follow_ups["done"]],
            ),
        ],
        table=Table(
            id="jobs-fairs",
            caption=_("Job fairs: employers, positions, attendance and intents"),
            columns=[
                _("Job fair"),
                _("Starts"),
                _("Employers at the fair"),
                _("Positions at the fair"),
                _("Registered for the fair"),
                _("Checked in"),
                _("Intents reached"),
            ],
            rows=[
                [title, timezone.localtime(starts_at).strftime("%Y-%m-%d"), *numbers]
                for title, starts_at, *numbers in fair_rows
            ],
        ),
    )
