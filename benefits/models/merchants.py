"""Alliance merchants (优待联盟), the industries of the preferential-treatment list and the offers merchants make."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q, Value
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from benefits.models.cards import HolderKind
from portal.models import Organization
from portal.models.reference import LocalizedName


class Industry(LocalizedName, models.Model):
    """The 12 industries of the preferential-treatment list (loaded by a data migration)."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(pgettext_lazy("benefit industry", "name"), max_length=30)
    name_en = models.CharField(_("English name"), max_length=60, blank=True)
    sort_order = models.PositiveSmallIntegerField(pgettext_lazy("benefit industry", "order"), default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("industry")
        verbose_name_plural = _("industries")

    def __str__(self):
        return self.label


def alliance_merchant_q(prefix: str = "") -> Q:
    """The one definition of an alliance merchant: in the alliance (`active`) and of a verified merchant
    organization. On Merchant, or through `prefix` ("merchant__") on a model that reaches it; the counter's SQL
    (benefits/services/verification.py) is compiled from it too."""
    return Q(
        **{
            f"{prefix}active": True,
            f"{prefix}organization__org_type": Organization.Type.MERCHANT,
            f"{prefix}organization__status": Organization.Status.VERIFIED,
        }
    )


class MerchantQuerySet(models.QuerySet):
    def alliance(self):
        return self.filter(alliance_merchant_q())


class Merchant(models.Model):
    """A merchant organization's membership in the preferential-treatment alliance (拥军优待联盟)."""

    organization = models.OneToOneField(
        "portal.Organization", models.CASCADE, related_name="benefits_merchant", verbose_name=_("organization")
    )
    industry = models.ForeignKey(Industry, models.PROTECT, related_name="merchants", verbose_name=_("main industry"))
    active = models.BooleanField(_("in the alliance"), default=True)
    joined_at = models.DateTimeField(_("joined at"), default=timezone.now)

    objects = MerchantQuerySet.as_manager()

    class Meta:
        ordering = ["organization__name"]
        verbose_name = _("alliance merchant")
        verbose_name_plural = _("alliance merchants")

    def __str__(self):
        return self.organization.name


def offer_current_q(today) -> Q:
    """An offer its merchant has published for `today` (the offer's own columns only)."""
    return Q(active=True, valid_from__lte=today) & (Q(valid_until__isnull=True) | Q(valid_until__gte=today))


def offer_for_holder_q(holder_kind) -> Q:
    """An offer open to a card whose holder is of `holder_kind`: a value, or an expression (the counter's SQL
    passes the card's column): family members' cards do not get the veterans-only offers."""
    kind = holder_kind if hasattr(holder_kind, "resolve_expression") else Value(holder_kind)
    return Q(veterans_only=False) | Q(Exact(kind, HolderKind.VETERAN))


class OfferQuerySet(models.QuerySet):
    """ "The offer applies to this card" is published() and for_card(), built from the rules above, which the
    counter's SQL is compiled from too."""

    def published(self, today=None):
        return self.filter(offer_current_q(today or timezone.localdate()), alliance_merchant_q("merchant__"))

    def for_card(self, card):
        return self.filter(offer_for_holder_q(card.holder_kind))


class Offer(models.Model):
    merchant = models.ForeignKey(Merchant, models.CASCADE, related_name="offers", verbose_name=_("merchant"))
    industry = models.ForeignKey(Industry, models.PROTECT, related_name="offers", verbose_name=_("industry"))
    title = models.CharField(pgettext_lazy("benefit offer", "title"), max_length=120)
    benefit = models.CharField(_("discount or benefit"), max_length=200)
    terms = models.TextField(_("terms"), blank=True)
    veterans_only = models.BooleanField(_("veterans only (not family members)"), default=False)
    valid_from = models.DateField(_("valid from"), default=timezone.localdate)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    active = models.BooleanField(pgettext_lazy("benefit offer", "published"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    search_title = models.TextField(blank=True, editable=False)
    search_body = models.TextField(blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = OfferQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")

    def __str__(self):
        return self.title


class OfferLocation(models.Model):
    offer = models.ForeignKey(Offer, models.CASCADE, related_name="locations")
    region = models.ForeignKey("portal.Region", models.PROTECT, related_name="+", verbose_name=_("region"))
    address = models.CharField(_("address"), max_length=200)

    class Meta:
        verbose_name = _("offer location")
        verbose_name_plural = _("offer locations")

    def __str__(self):
        return self.address
