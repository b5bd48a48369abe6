"""Staff exports of the benefits app (portal/staff/exports.py contract): cards and card uses.

Holder names and card numbers are personal data: masked unless the staff member unmasks (portal.view_full_id_number
and the "include full ID numbers" box); the registry's view audits every export."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from benefits.models import Card, CardUse, HolderKind, Industry
from portal.crypto import mask_name
from portal.people import display_name
from portal.staff.export_parts import date_filter, filtered
from portal.staff.exports import Column, ExportDefinition, choice_label
from portal.staff.forms import RegionFilterForm
from portal.times import local_date, local_datetime_text


class CardFilterForm(RegionFilterForm):
    status = forms.ChoiceField(
        choices=[("", "—"), *Card.Status.choices], required=False, label=pgettext_lazy("benefit card", "Status")
    )
    issued_from = date_filter(_("Issued from"))
    issued_to = date_filter(_("Issued until"))


def cards_queryset(filters: dict, user=None):
    """Region = registration station in the region or below it (the city + district picker)."""
    qs = Card.objects.select_related("station", "holder").order_by("pk")
    return filtered(qs, filters, region="station", equal=("status",), periods={"issued": "issued_at__date"})


CARD_COLUMNS = [
    Column(_("Card number"), lambda c, unmask: c.number if unmask else c.masked_number),
    Column(_("Holder name"), lambda c, unmask: display_name(c.holder, name=c.holder_name or None, unmask=unmask)),
    Column(_("Holder type"), lambda c, unmask: choice_label(HolderKind, c.holder_kind)),
    Column(_("Registration station"), lambda c, unmask: c.station.name),
    Column(pgettext_lazy("benefit card", "Status"), lambda c, unmask: choice_label(Card.Status, c.status)),
    Column(_("Valid from"), lambda c, unmask: c.valid_from),
    Column(_("Valid until"), lambda c, unmask: c.valid_until),
    Column(pgettext_lazy("benefit card", "Issued on"), lambda c, unmask: local_date(c.issued_at)),
]


class CardUseFilterForm(RegionFilterForm):
    industry = forms.ModelChoiceField(
        Industry.objects.order_by("sort_order"), required=False, label=_("Industry"), empty_label="—"
    )
    used_from = date_filter(_("Used from"))
    used_to = date_filter(_("Used until"))


def card_uses_queryset(filters: dict, user=None):
    """Region = the merchant's region (where the card was used)."""
    qs = CardUse.objects.select_related(
        "card__holder", "merchant__organization__region", "merchant__industry", "offer", "member"
    ).order_by("pk")
    return filtered(
        qs,
        filters,
        region="merchant__organization__region",
        equal=(("industry", "merchant__industry"),),
        periods={"used": "used_at__date"},
    )


USE_COLUMNS = [
    Column(_("Used at"), lambda u, unmask: local_datetime_text(u.used_at, seconds=True)),
    Column(_("Card number"), lambda u, unmask: u.card.number if unmask else u.card.masked_number),
    Column(
        _("Holder name"), lambda u, unmask: display_name(u.card.holder, name=u.card.holder_name or None, unmask=unmask)
    ),
    Column(_("Merchant"), lambda u, unmask: u.merchant.organization.name),
    Column(
        _("Region"), lambda u, unmask: u.merchant.organization.region.label if u.merchant.organization.region_id else ""
    ),
    Column(_("Industry"), lambda u, unmask: u.merchant.industry.label),
    Column(_("Offer"), lambda u, unmask: u.offer.title if u.offer_id else ""),
    Column(
        _("Merchant staff account"),
        lambda u, unmask: "" if not u.member_id else (u.member.username if unmask else mask_name(u.member.username)),
    ),
]

EXPORTS = [
    ExportDefinition("benefit_cards", _("Benefit cards"), cards_queryset, CARD_COLUMNS, CardFilterForm, personal=True),
    ExportDefinition(
        "benefit_card_uses", _("Benefit card uses"), card_uses_queryset, USE_COLUMNS, CardUseFilterForm, personal=True
    ),
]
