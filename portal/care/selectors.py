"""Reads of care visits: the overdue dashboard by region, the month's calendar, subjects, tasks by assignee."""

import datetime

from django.db.models import Count, Q

from portal.care.models import CareSubject, CareTask, CareVisit
from portal.models import Region
from portal.models.reference import localized
from portal.staff.sections import in_region

VISIT_RELATED = ("subject__veteran__region__parent",)


def overdue_by_city(today=None) -> list[dict]:
    """Overdue planned visits per city (the veteran's district's city), most overdue first."""
    rows = (
        CareVisit.objects.overdue(today)
        .values("subject__veteran__region__parent__name", "subject__veteran__region__parent__name_en")
        .annotate(count=Count("pk"))
        .order_by("-count", "subject__veteran__region__parent__name")
    )
    prefix = "subject__veteran__region__parent__"
    return [{"city": (r[prefix + "name"] and localized(r, prefix)) or "—", "count": r["count"]} for r in rows]


def overdue_visits(today=None):
    return CareVisit.objects.overdue(today).select_related(*VISIT_RELATED).order_by("due_on", "pk")


def visits_due(*, start: datetime.date, end: datetime.date, region=None):
    """Planned visits due in [start, end), by day; in the region (a city or district) or everywhere."""
    qs = CareVisit.objects.planned().filter(due_on__gte=start, due_on__lt=end)
    qs = qs.filter(in_region("subject__veteran__region", region))
    return qs.select_related(*VISIT_RELATED).order_by("due_on", "pk")


def subject_cities():
    """The cities where someone is visited, for the calendar's filter."""
    codes = CareSubject.objects.filter(active=True).values("veteran__region__parent")
    return Region.objects.filter(pk__in=codes).order_by("code")


def subjects(*, active: bool = True):
    open_tasks_q = Q(visits__tasks__status=CareTask.Status.OPEN)
    return (
        CareSubject.objects.filter(active=active)
        .select_related("veteran__region__parent")
        .annotate(tasks_open=Count("visits__tasks", filter=open_tasks_q))
        .order_by("veteran__region__code", "pk")
    )


def open_tasks(*, assigned_to=None):
    qs = CareTask.objects.filter(status=CareTask.Status.OPEN).select_related("visit__subject__veteran", "assigned_to")
    return qs.filter(assigned_to=assigned_to) if assigned_to is not None else qs
