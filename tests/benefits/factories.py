"""Factories for the benefits tests: photos, issued cards, alliance merchants and offers."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from benefits.models import Card, CardApplication, Industry, Merchant, Offer, OfferLocation
from benefits.services import cards as card_services
from portal.models import Region
from tests import factories


def photo_upload(name="me.png", fmt="PNG", size=(60, 80)) -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", size, (200, 180, 160)).save(buf, fmt)
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/png")


def station(code="350102") -> Region:
    return Region.objects.get(code=code)


def issued_card(holder=None, staff=None, **profile) -> Card:
    """A veteran holding an issued, valid card (through the real apply + approve services)."""
    holder = holder or factories.VeteranFactory(**profile)
    staff = staff or factories.StaffFactory()
    application = card_services.card_application_submit(applicant=holder, photo=photo_upload(), station=station())
    return card_services.card_application_approve(application=application, staff=staff)


def expiring_in(card: Card, days: int, status: str | None = None) -> Card:
    """Move the card's end date to `days` from today (negative: already past), optionally with a status."""
    until = timezone.localdate() + datetime.timedelta(days=days)
    Card.objects.filter(pk=card.pk).update(valid_until=until, **({"status": status} if status else {}))
    card.refresh_from_db()
    return card


def merchant(name=None, industry_code="retail", **kwargs) -> Merchant:
    org = factories.OrganizationFactory(org_type="merchant", **({"name": name} if name else {}), **kwargs)
    return Merchant.objects.create(organization=org, industry=Industry.objects.get(code=industry_code))


def merchant_member(merchant_obj=None):
    merchant_obj = merchant_obj or merchant()
    user = factories.OrgMemberFactory(org_type="merchant", organization=merchant_obj.organization)
    user.merchant = merchant_obj
    return user


def offer(merchant_obj, title="退役军人购物九折", **kwargs) -> Offer:
    from benefits.services.merchants import offer_index

    defaults = {
        "industry": merchant_obj.industry,
        "benefit": "凭卡九折",
        "valid_from": timezone.localdate() - datetime.timedelta(days=1),
    }
    defaults.update(kwargs)
    obj = Offer.objects.create(merchant=merchant_obj, title=title, **defaults)
    OfferLocation.objects.create(offer=obj, region=station("320613"), address="崇川区人民中路1号")
    offer_index(obj)
    return obj


__all__ = [
    "CardApplication",
    "expiring_in",
    "issued_card",
    "merchant",
    "merchant_member",
    "offer",
    "photo_upload",
    "station",
]
