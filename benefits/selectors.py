"""Reads with logic: offer listing and search, usage histories, statistics for staff and merchants."""

from django.db.models import Count, Prefetch
from django.db.models.functions import TruncMonth

from benefits.models import Card, CardUse, Offer, OfferLocation
from portal.models import Region
from portal.search import search


def published_offers():
    return (
        Offer.objects.published()
        .select_related("merchant__organization", "industry")
        .prefetch_related(Prefetch("locations", OfferLocation.objects.select_related("region__parent")))
        .order_by("-created_at", "pk")
    )


def offers_in_region(queryset, region_code: str):
    """Offers with a location in the region (a province, city or district) or below it."""
    region = Region.objects.filter(code=region_code).first()
    if region is None:
        return queryset.none()
    return queryset.filter(locations__region__code__startswith=region.code_prefix).distinct()


def offers_search(queryset, q: str):
    qs, searched = search(queryset, q)
    return qs.order_by("-search_rank", "-created_at") if searched else queryset


def holder_uses(user):
    """Uses of all the user's cards, old (lost/replaced) ones included."""
    return (
        CardUse.objects.filter(card__holder=user)
        .select_related("card", "merchant__organization", "merchant__industry", "offer")
        .order_by("-used_at")
    )


def merchant_uses(merchant):
    return CardUse.objects.filter(merchant=merchant).select_related("card", "offer", "member").order_by("-used_at")


def cards_by_status_and_region():
    """[{station__code, station__name, status, n}] — per registration station."""
    return list(
        Card.objects.values("station__code", "station__name", "status")
        .annotate(n=Count("id"))
        .order_by("station__code", "status")
    )


def cards_by_status():
    return dict(Card.objects.values_list("status").annotate(n=Count("id")).order_by())


def uses_by_industry_month(since=None):
    qs = CardUse.objects.all()
    if since:
        qs = qs.filter(used_at__gte=since)
    return list(
        qs.annotate(month=TruncMonth("used_at"))
        .values("month", "merchant__industry__name")
        .annotate(n=Count("id"))
        .order_by("-month", "-n")
    )


def uses_by_merchant_month(since=None, limit=50):
    qs = CardUse.objects.all()
    if since:
        qs = qs.filter(used_at__gte=since)
    return list(
        qs.annotate(month=TruncMonth("used_at"))
        .values("month", "merchant_id", "merchant__organization__name")
        .annotate(n=Count("id"))
        .order_by("-month", "-n")[:limit]
    )
