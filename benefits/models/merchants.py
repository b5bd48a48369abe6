"""Alliance merchants (优待联盟), the industries of the preferential-treatment list and the offers merchants make."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from benefits.models.cards import HolderKind
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


class Merchant(models.Model):
    """A merchant organization's membership in the preferential-treatment alliance (拥军优待联盟)."""

    organization = models.OneToOneField(
        "portal.Organization", models.CASCADE, related_name="benefits_merchant", verbose_name=_("organization")
    )
    industry = models.ForeignKey(Industry, models.PROTECT, related_name="merchants", verbose_name=_("main industry"))
    active = models.BooleanField(_("in the alliance"), default=True)
    joined_at = models.DateTimeField(_("joined at"), default=timezone.now)

    class Meta:
        ordering = ["organization__name"]
        verbose_name = _("alliance merchant")
        verbose_name_plural = _("alliance merchants")

    def __str__(self):
        return self.organization.name


class OfferQuerySet(models.QuerySet):
    def published(self, today=None):
        today = today or timezone.localdate()
        return self.filter(
            active=True,
            merchant__active=True,
            merchant__organization__status="verified",
            valid_from__lte=today,
        ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))

    def for_card(self, card):
        return self if card.holder_kind == HolderKind.VETERAN else self.filter(veterans_only=False)


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
