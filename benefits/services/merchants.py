"""Writes on the merchant alliance and its offers."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from benefits.models import Industry, Merchant, Offer, OfferLocation
from portal.exceptions import AccessDenied
from portal.models import Organization, Region
from portal.search import index_row

OFFER_FIELDS = ["industry", "title", "benefit", "terms", "veterans_only", "valid_from", "valid_until", "active"]


@transaction.atomic
def merchant_join(*, organization: Organization, industry: Industry) -> Merchant:
    """A verified merchant organization joins (or rejoins) the alliance."""
    if organization.org_type != Organization.Type.MERCHANT or not organization.is_verified():
        raise ValidationError(_("Only merchant organizations verified by staff can join the alliance."))
    merchant, _created = Merchant.objects.update_or_create(
        organization=organization, defaults={"industry": industry, "active": True}
    )
    return merchant


def offer_index(offer: Offer) -> None:
    body = " ".join([offer.benefit, offer.terms, offer.merchant.organization.name, offer.industry.name])
    index_row(offer, title=offer.title, body=body)


def _checked_locations(locations: list[dict]) -> list[OfferLocation]:
    """Unsaved OfferLocation rows for [{region, address}]: each in a city or a district/county, at least one."""
    rows = []
    for loc in filter(None, locations):
        region = loc.get("region")
        if region is None or region.level not in (Region.Level.CITY, Region.Level.DISTRICT):
            raise ValidationError({"locations": [_("Choose a city, or a district or county, for every location.")]})
        row = OfferLocation(region=region, address=(loc.get("address") or "").strip())
        row.full_clean(exclude=["offer"])
        rows.append(row)
    if not rows:
        raise ValidationError({"locations": [_("Add at least one location where the offer can be used.")]})
    return rows


@transaction.atomic
def offer_save(*, merchant: Merchant, data: dict, locations: list[dict] | None, offer: Offer | None = None) -> Offer:
    """Create or update an offer with its locations [{region, address}] (replaced as a whole; None keeps them).
    The offer is re-indexed for search."""
    if offer is not None and offer.merchant_id != merchant.pk:
        raise AccessDenied(_("This offer belongs to another merchant."), hide=True)
    offer = offer or Offer(merchant=merchant)
    for name in OFFER_FIELDS:
        if name in data:
            setattr(offer, name, data[name])
    if offer.valid_until and offer.valid_from and offer.valid_until < offer.valid_from:
        raise ValidationError({"valid_until": [_("The end date is before the start date.")]})
    rows = _checked_locations(locations) if locations is not None else None
    offer.full_clean(exclude=["search_vector"])
    offer.save()
    if rows is not None:
        offer.locations.all().delete()
        for row in rows:
            row.offer = offer
        OfferLocation.objects.bulk_create(rows)
    offer_index(offer)
    return offer
