"""Writes on the merchant alliance and its offers."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from benefits.models import Industry, Merchant, Offer, OfferLocation
from portal.exceptions import AccessDenied
from portal.messages import Message
from portal.models import AuditLog, Organization, Region
from portal.permissions import is_bureau_staff
from portal.search import index_row
from portal.services.audit import audit_record
from portal.services.notifications import notify

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


def _staff_with_reason(staff, reason: str) -> str:
    if not is_bureau_staff(staff):
        raise AccessDenied(_("Only bureau staff can do this."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Please give a reason the merchant can act on.")]})
    return reason[:300]


def _tell_merchant(merchant: Merchant, event: str, title, body) -> None:
    for membership in merchant.organization.memberships.select_related("user"):
        notify(
            recipient=membership.user,
            event_key=f"benefits:merchant:{merchant.pk}:{event}:{timezone.now():%Y%m%d%H%M%S}",
            kind="benefits_merchant",
            title=title,
            body=body,
            url="/benefits/merchant/",
        )


def _withdraw(row, *, staff, reason: str, request, what: str, already_done) -> None:
    """Take a merchant or an offer out (`active` off) and record who did it and why."""
    if not row.active:
        raise ValidationError(already_done)
    row.active = False
    row.save(update_fields=["active"])
    audit_record(
        actor=staff, action=AuditLog.Action.OTHER, target=row, detail={"what": what, "reason": reason}, request=request
    )


@transaction.atomic
def merchant_withdraw(*, merchant: Merchant, staff, reason: str, request=None) -> Merchant:
    """Staff remove a merchant from the alliance: its cards checks and offers stop; recorded and told to it."""
    reason = _staff_with_reason(staff, reason)
    merchant = Merchant.objects.select_for_update().select_related("organization").get(pk=merchant.pk)
    _withdraw(
        merchant,
        staff=staff,
        reason=reason,
        request=request,
        what="merchant_withdraw",
        already_done=_("This merchant is no longer in the alliance."),
    )
    _tell_merchant(
        merchant, "withdrawn", Message(_("%(name)s was removed from the alliance"), name=merchant.organization), reason
    )
    return merchant


@transaction.atomic
def offer_withdraw(*, offer: Offer, staff, reason: str, request=None) -> Offer:
    """Staff take an offer down (it no longer shows to card holders); recorded and told to the merchant."""
    reason = _staff_with_reason(staff, reason)
    offer = Offer.objects.select_for_update().select_related("merchant__organization").get(pk=offer.pk)
    _withdraw(
        offer,
        staff=staff,
        reason=reason,
        request=request,
        what="offer_withdraw",
        already_done=_("This offer has already been withdrawn."),
    )
    _tell_merchant(
        offer.merchant,
        f"offer-{offer.pk}-withdrawn",
        Message(_("Offer withdrawn: %(title)s"), title=offer.title),
        reason,
    )
    return offer
