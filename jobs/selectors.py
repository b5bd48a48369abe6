"""Reads with real logic: position search with filters and sorting, an employer's pipeline, fair statistics."""

from django.db.models import Count, Q, Subquery, Sum

from jobs.models import Application, Booth, FairRegistration, IntentRecord, JobFair, Position
from portal.search import search

SORTS = ("relevance", "newest", "salary")


def published_positions():
    return Position.objects.published().select_related("organization", "region", "category")


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
    if fair is not None:
        qs = qs.filter(pk__in=Subquery(fair_position_ids(fair)))
    qs, searched = search(qs, q)
    if sort == "salary":
        return qs.order_by("-salary_max", "-published_at", "-id")
    if sort == "relevance" and searched:
        return qs.order_by("-search_rank", "-published_at", "-id")
    return qs.order_by("-published_at", "-id")


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
    applications = Application.objects.filter(fair=fair).aggregate(
        n=Count("pk"), hired=Count("pk", filter=Q(status=Application.Status.HIRED))
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
