"""The care visits' section of the staff dashboard: subjects, visits made in the period, overdue visits and open
follow-up tasks in the region, and overdue visits by city (the table staff act on)."""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.care.models import CareSubject, CareTask, CareVisit
from portal.models.reference import localized
from portal.staff.sections import Chart, Figure, Section, Table, in_period, in_region

REGION = "subject__veteran__region"


def dashboard_section(*, region=None, start=None, end=None) -> Section:
    today = timezone.localdate()
    visits = CareVisit.objects.filter(in_region(REGION, region))
    totals = visits.aggregate(
        done=Count("pk", filter=Q(status=CareVisit.Status.DONE) & in_period("visited_on", start, end, is_date=True)),
        overdue=Count("pk", filter=Q(status=CareVisit.Status.PLANNED, due_on__lt=today)),
    )
    subjects = CareSubject.objects.filter(active=True).filter(in_region("veteran__region", region)).count()
    tasks = CareTask.objects.filter(status=CareTask.Status.OPEN).filter(in_region("visit__" + REGION, region)).count()
    by_city = list(
        visits.filter(status=CareVisit.Status.PLANNED, due_on__lt=today)
        .values(f"{REGION}__parent__name", f"{REGION}__parent__name_en")
        .annotate(n=Count("pk"))
        .order_by("-n", f"{REGION}__parent__name")
    )
    labels = [localized(row, f"{REGION}__parent__") or "—" for row in by_city]
    counts = [row["n"] for row in by_city]
    return Section(
        title=_("Care visits"),
        figures=[
            Figure(_("Veterans visited regularly"), subjects),
            Figure(_("Visits made"), totals["done"]),
            Figure(_("Visits overdue"), totals["overdue"]),
            Figure(_("Follow-up tasks open"), tasks),
        ],
        charts=[Chart("care-overdue", "bar", _("Overdue visits by city"), labels=labels, data=counts)],
        table=Table(
            "care-overdue-table",
            _("Overdue visits by city"),
            columns=[_("City"), _("Overdue")],
            rows=[[label, count] for label, count in zip(labels, counts, strict=True)],
        ),
    )
