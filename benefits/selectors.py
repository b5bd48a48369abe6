"""Reads with logic: offer listing and search, usage histories, statistics for staff and merchants."""

from django.db.models import Count, Prefetch, Q
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from benefits.models import (
    Card,
    CardApplication,
    CardRenewal,
    CardUse,
    Merchant,
    Offer,
    OfferLocation,
    alliance_merchant_q,
)
from portal.models import Region
from portal.models.reference import localized
from portal.search import search
from portal.staff.sections import Chart, Figure, Section, Table, in_period, in_region

DASHBOARD_REGION_LIMIT = 20


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


def holder_card(user) -> Card | None:
    """The card the holder's pages show: the current (valid or suspended) card, else the holder's latest card if it
    has expired, so that it can be renewed. None when there is neither (apply for a new one)."""
    if not user.is_authenticated:
        return None
    cards = Card.objects.for_holder(user).select_related("station").order_by("-issued_at", "-pk")
    current = cards.current().first()
    if current is not None:
        return current
    latest = cards.first()
    return latest if latest is not None and latest.status == Card.Status.EXPIRED else None


def renewal_queue():
    """Pending renewal requests, oldest first, for the staff queue."""
    return (
        CardRenewal.objects.pending()
        .select_related("card__station", "card__holder", "requested_by")
        .order_by("created_at", "pk")
    )


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
    """[{station__code, station__name, station__name_en, status, n}] — per registration station."""
    return list(
        Card.objects.values("station__code", "station__name", "station__name_en", "status")
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
        .values("month", "merchant__industry__name", "merchant__industry__name_en")
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


# --- staff workbench dashboard (portal/staff/dashboard.py contract) --------------------------------------------


def dashboard_figures(*, region=None, start=None, end=None) -> Section:
    """Benefit cards for the staff dashboard.

    - Cards: region = the registration station (card.station) in the region or below it; period = issue date.
    - Applications: region = the station applied to; period = submission date.
    - Uses: region = where the card was used (the merchant organization's region); period = date of use.
    - Merchants and offers: region = the merchant organization's region (not filtered by period: a standing count).
    Every number comes from one aggregate query (Count with filter / values().annotate()).
    """
    cards = Card.objects.filter(in_period("issued_at", start, end), in_region("station", region))
    applications = CardApplication.objects.filter(in_period("created_at", start, end), in_region("station", region))
    uses = CardUse.objects.filter(in_period("used_at", start, end), in_region("merchant__organization__region", region))
    merchants = Merchant.objects.filter(in_region("organization__region", region))
    offers = Offer.objects.published().filter(in_region("merchant__organization__region", region))

    by_status = dict(cards.values_list("status").annotate(n=Count("pk")).order_by())
    app_totals = applications.aggregate(
        submitted=Count("pk"),
        open=Count("pk", filter=Q(status__in=[CardApplication.Status.SUBMITTED, CardApplication.Status.CORRECTION])),
        approved=Count("pk", filter=Q(status=CardApplication.Status.APPROVED)),
        by_staff=Count("pk", filter=Q(submitted_by_staff__isnull=False)),
    )
    merchant_totals = merchants.aggregate(
        total=Count("pk", filter=alliance_merchant_q()),
    )
    use_total = uses.count()
    offer_total = offers.count()

    english = not translation.get_language().startswith("zh")
    industry_rows = list(
        uses.values("merchant__industry__sort_order", "merchant__industry__name", "merchant__industry__name_en")
        .annotate(n=Count("pk"))
        .order_by("merchant__industry__sort_order")
    )
    month_rows = list(
        uses.annotate(month=TruncMonth("used_at")).values("month").annotate(n=Count("pk")).order_by("month")
    )
    station_rows = (
        cards.values("station__code", "station__name", "station__name_en")
        .annotate(
            total=Count("pk"),
            valid=Count("pk", filter=Q(status=Card.Status.ACTIVE)),
            suspended=Count("pk", filter=Q(status__in=[Card.Status.SUSPENDED, Card.Status.REVOKED])),
        )
        .order_by("-total", "station__code")[:DASHBOARD_REGION_LIMIT]
    )
    return Section(
        title=gettext("Benefit cards"),
        figures=[
            Figure(gettext("Cards issued"), sum(by_status.values())),
            Figure(gettext("Cards valid"), by_status.get(Card.Status.ACTIVE, 0)),
            Figure(gettext("Card applications submitted"), app_totals["submitted"]),
            Figure(
                gettext("Card applications awaiting review"), app_totals["open"], link=reverse("benefits:staff_home")
            ),
            Figure(gettext("Card applications filed by staff"), app_totals["by_staff"]),
            Figure(gettext("Card uses"), use_total),
            Figure(gettext("Alliance merchants"), merchant_totals["total"]),
            Figure(gettext("Offers published"), offer_total),
        ],
        charts=[
            Chart.by_choice(
                id="benefits-card-status",
                type="doughnut",
                title=gettext("Benefit cards by status"),
                choices=Card.Status.choices,
                counts=by_status,
            ),
            Chart(
                id="benefits-uses-industry",
                type="bar",
                title=gettext("Card uses by industry"),
                labels=[
                    (r["merchant__industry__name_en"] if english else "") or r["merchant__industry__name"]
                    for r in industry_rows
                ],
                data=[r["n"] for r in industry_rows],
            ),
            Chart(
                id="benefits-uses-month",
                type="line",
                title=gettext("Card uses by month"),
                labels=[r["month"].strftime("%Y-%m") for r in month_rows],
                data=[r["n"] for r in month_rows],
            ),
        ],
        table=Table(
            id="benefits-stations",
            caption=gettext("Registration stations ranked by cards issued"),
            columns=[
                gettext("Code"),
                gettext("Registration station"),
                gettext("Cards issued"),
                gettext("Cards valid"),
                gettext("Suspended or revoked"),
            ],
            rows=[
                [r["station__code"], localized(r, "station__"), r["total"], r["valid"], r["suspended"]]
                for r in station_rows
            ],
        ),
    )
