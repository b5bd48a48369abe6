"""Reference data every app filters by: administrative regions, occupation categories, military specialties."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def english_active() -> bool:
    return (get_language() or "").startswith("en")


def localized(row: dict, prefix: str) -> str:
    """The active language's name from a values() row holding `<prefix>name` and `<prefix>name_en`."""
    return (row.get(prefix + "name_en") if english_active() else "") or row[prefix + "name"]


class LocalizedName:
    """Reference rows carry a Chinese `name` and an English `name_en`: `label` is the one for the active language."""

    @property
    def label(self) -> str:
        return self.name_en if self.name_en and english_active() else self.name

    def __str__(self):
        return self.label


class RegionQuerySet(models.QuerySet):
    def provinces(self):
        return self.filter(level=Region.Level.PROVINCE)

    def cities(self):
        return self.filter(level=Region.Level.CITY)

    def named(self):
        """With the parents a region's full name shows ("福建省 福州市 鼓楼区"): for every list of regions offered as
        choices or shown by name, which would otherwise look up each option's parent one by one."""
        return self.select_related("parent__parent")

    def within(self, region):
        """The region and everything under it (codes share a prefix: 33 → 3301 → 330106)."""
        return self.filter(code__startswith=region.code_prefix)


class Region(LocalizedName, models.Model):
    """A mainland administrative division (GB/T 2260 code): province, prefecture-level city, or county/district."""

    class Level(models.IntegerChoices):
        PROVINCE = 1, _("Province")
        CITY = 2, _("City")
        DISTRICT = 3, _("District / county")

    code = models.CharField(_("code"), max_length=6, unique=True)
    name = models.CharField(_("name"), max_length=50)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices, db_index=True)
    parent = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="children")

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.full_name

    @property
    def code_prefix(self) -> str:
        return {1: self.code[:2], 2: self.code[:4]}.get(self.level, self.code)

    @property
    def full_name(self) -> str:
        """福建省 福州市 鼓楼区 in Chinese; "Gulou District, Fuzhou, Fujian Province" in English."""
        names, node = [], self
        while node is not None:
            if not names or names[-1] != node.label:
                names.append(node.label)
            node = node.parent if node.parent_id else None
        return ", ".join(names) if english_active() and self.name_en else " ".join(reversed(names))

    @property
    def province_code(self) -> str:
        return self.code[:2] + "0000"

    @property
    def city_code(self) -> str:
        return self.code[:4] + "00"


class OccupationCategory(LocalizedName, models.Model):
    """Two-level occupation list (大类 → 小类), shared by positions, job intentions and training target occupations."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    parent = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="children")

    class Meta:
        ordering = ["code"]
        verbose_name = _("occupation category")
        verbose_name_plural = _("occupation categories")

    def __str__(self):
        return self.label


class MilitarySpecialty(LocalizedName, models.Model):
    """军事职业专业: what a veteran did in service. jobs.matching maps these to civilian work."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("military specialty")
        verbose_name_plural = _("military specialties")

    def __str__(self):
        return self.label
