"""Writes on the merchant alliance and its offers."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from benefits.models import Industry, Merchant, Offer, OfferLocation
from portal.models import Organization
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


@transaction.atomic
def offer_save(*, merchant: Merchant, data: dict, locations: list[dict], offer: Offer | None = None) -> Offer:
    """Create or update an offer with its locations [{region, address}] (replaced as a whole)."""
    if offer is not None and offer.merchant_id != merchant.pk:
        raise ValidationError(_("This offer belongs to another merchant."))
    offer = offer or Offer(merchant=merchant)
    for name in OFFER_FIELDS:
        if name in data:
            setattr(offer, name, data[name])
    if offer.valid_until and offer.valid_from and offer.valid_until < offer.valid_from:
        raise ValidationError({"valid_until": [_("The end date is before the start date.")]})
    offer.full_clean(exclude=["search_vector"])
    offer.save()
    if locations is not None:
        offer.locations.all().delete()
        OfferLocation.objects.bulk_create(
            OfferLocation(offer=offer, region=loc["region"], address=loc["address"]) for loc in locations if loc
        )
    offer_index(offer)
    return offer
