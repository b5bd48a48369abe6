"""Read-only figures for the staff workbench (portal/staff/dashboard.py's contract).

Region rules: a base counts where it stands; a project (and so its residencies, competition entries and loans) where
it is registered, or — when it gave no region — where its founder's veteran profile is; a mentoring session where
the veteran who booked it lives. Period rules (both ends inclusive): residency applications on the day they were
made, residencies on their start date, sessions on the slot's date, entries on the day they were made, loans applied
on the application date, approved on the review date, disbursed (and their interest subsidy) on the disbursement date.
Occupancy is the state today, whatever the period.
"""

from django.db.models import Count, F, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from entrepreneurship.models import (
    CompetitionEntry,
    Enterprise,
    IncubatorBase,
    LoanApplication,
    MentorBooking,
    Residency,
)
from portal.models.reference import localized
from portal.staff.sections import Chart, Figure, Section, Table, in_period, in_region

TABLE_LIMIT = 20


def with_project_region(queryset, enterprise_path: str = "enterprise"):
    """Annotate `project_region` = the project's region code, else its founder's (for filtering by prefix)."""
    prefix = f"{enterprise_path}__" if enterprise_path else ""
    return queryset.annotate(
        project_region=Coalesce(
            F(f"{prefix}region__code"), F(f"{prefix}founder__veteran_profile__region__code"), Value("")
        )
    )


def _in_project_region(queryset, region, enterprise_path: str = "enterprise"):
    if region is None:
        return queryset
    return with_project_region(queryset, enterprise_path).filter(project_region__startswith=region.code_prefix)


def dashboard_figures(*, region=None, start=None, end=None) -> Section:
    bases = IncubatorBase.objects.filter(in_region("region", region))
    active = Q(residencies__status=Residency.Status.ACTIVE)
    capacity = bases.aggregate(bases=Count("pk"), workstations=Sum("total_workstations"))
    occupied = bases.aggregate(
        occupied=Sum("residencies__workstations_allocated", filter=active),
        residents=Count("residencies", filter=active),
    )
    workstations = capacity["workstations"] or 0
    occupied_n = occupied["occupied"] or 0

    residencies = Residency.objects.filter(base__in=bases)
    res = residencies.aggregate(
        applications=Count("pk", filter=in_period("created_at", start, end)),
        started=Count(
            "pk",
            filter=Q(start_date__isnull=False) & in_period("start_date", start, end, is_date=True),
        ),
    )

    enterprises = _in_project_region(Enterprise.objects.all(), region, enterprise_path="")
    ent = enterprises.filter(in_period("created_at", start, end)).aggregate(
        registered=Count("pk"), jobs=Sum("jobs_created")
    )

    sessions = MentorBooking.objects.filter(
        Q(status=MentorBooking.Status.BOOKED) & in_period("slot__start", start, end)
    )
    if region is not None:
        sessions = sessions.filter(in_region("veteran__veteran_profile__region", region))
    sessions_total = sessions.aggregate(n=Count("pk"))
    by_topic = dict(sessions.values_list("topic").annotate(n=Count("pk")).order_by())

    entries = _in_project_region(CompetitionEntry.objects.all(), region).filter(in_period("created_at", start, end))
    entry_figures = entries.aggregate(n=Count("pk"), awarded=Count("pk", filter=~Q(award="")))

    loans = _in_project_region(LoanApplication.objects.all(), region)
    approved_states = [LoanApplication.Status.APPROVED, LoanApplication.Status.DISBURSED]
    disbursed = Q(status=LoanApplication.Status.DISBURSED) & in_period("disbursed_on", start, end, is_date=True)
    loan = loans.aggregate(
        applied=Count("pk", filter=in_period("created_at", start, end)),
        approved=Count(
            "pk",
            filter=Q(status__in=approved_states, reviewed_at__isnull=False) & in_period("reviewed_at", start, end),
        ),
        disbursed=Count("pk", filter=disbursed),
        disbursed_amount=Sum("disbursed_amount", filter=disbursed),
        subsidy_due=Sum("subsidy_due", filter=disbursed),
    )

    table = (
        bases.values("pk", "name", "region__name", "region__name_en", "total_workstations")
        .annotate(occupied=Coalesce(Sum("residencies__workstations_allocated", filter=active), 0))
        .order_by("-occupied", "name")[:TABLE_LIMIT]
    )
    return Section(
        title=_("Entrepreneurship"),
        figures=[
            Figure(_("Incubator bases"), capacity["bases"]),
            Figure(_("Workstations"), workstations),
            Figure(_("Workstations occupied"), occupied_n),
            Figure(_("Occupancy (%)"), round(100 * occupied_n / workstations, 1) if workstations else 0, unit="%"),
            Figure(_("Projects in residence"), occupied["residents"]),
            Figure(
                _("Residency applications"), res["applications"], link=reverse("entrepreneurship:staff_residencies")
            ),
            Figure(_("Residencies started"), res["started"]),
            Figure(_("Veteran enterprises registered"), ent["registered"]),
            Figure(_("Jobs created by them"), ent["jobs"] or 0),
            Figure(_("Mentoring sessions"), sessions_total["n"]),
            Figure(_("Competition entries"), entry_figures["n"]),
            Figure(_("Entries awarded"), entry_figures["awarded"]),
            Figure(_("Loan applications"), loan["applied"], link=reverse("entrepreneurship:staff_loans")),
            Figure(_("Loans approved"), loan["approved"]),
            Figure(_("Loans disbursed"), loan["disbursed"]),
            Figure(_("Amount disbursed (yuan)"), loan["disbursed_amount"] or 0, unit="CNY"),
            Figure(_("Interest subsidies due (yuan)"), loan["subsidy_due"] or 0, unit="CNY"),
        ],
        charts=[
            Chart(
                id="entrepreneurship-loans",
                type="bar",
                title=_("Startup loans"),
                labels=[pgettext("application", "Applied"), _("Approved"), _("Disbursed")],
                data=[loan["applied"], loan["approved"], loan["disbursed"]],
            ),
            Chart.by_choice(
                id="entrepreneurship-sessions",
                type="doughnut",
                title=_("Mentoring sessions by topic"),
                choices=MentorBooking.Topic.choices,
                counts=by_topic,
            ),
        ],
        table=Table(
            id="entrepreneurship-bases",
            caption=_("Incubator bases ranked by workstations occupied"),
            columns=[_("Base"), _("Region"), _("Workstations"), _("Occupied")],
            rows=[[b["name"], localized(b, "region__"), b["total_workstations"], b["occupied"]] for b in table],
        ),
    )
