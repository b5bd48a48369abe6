"""Saved searches (保存的搜索) with their alerts, and the record that announces a position to a person once."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.choices import Education


class SavedSearch(models.Model):
    """A person's search (keywords and the filters of the search page) and how often to hear of new positions."""

    class Frequency(models.TextChoices):
        INSTANT = "instant", _("As soon as a position is published")
        DAILY = "daily", _("Daily digest")
        WEEKLY = "weekly", _("Weekly digest")
        OFF = "off", _("No alerts")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="saved_searches")
    name = models.CharField(_("name"), max_length=80)
    q = models.CharField(_("keywords"), max_length=100, blank=True)
    region = models.ForeignKey(
        "portal.Region", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("region")
    )
    category = models.ForeignKey(
        "portal.OccupationCategory",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("occupation"),
    )
    salary_min = models.PositiveIntegerField(_("salary at least (CNY/month)"), null=True, blank=True)
    education = models.PositiveSmallIntegerField(_("my education"), choices=Education.choices, null=True, blank=True)
    veteran_priority = models.BooleanField(_("veterans preferred only"), default=False)
    targeted = models.BooleanField(_("targeted recruitment only"), default=False)
    welcomes_family = models.BooleanField(_("open to military family members"), default=False)
    fair = models.ForeignKey(
        "jobs.JobFair", models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("job fair")
    )
    sort = models.CharField(_("sort by"), max_length=10, default="relevance")
    frequency = models.CharField(_("alerts"), max_length=10, choices=Frequency.choices, default=Frequency.DAILY)
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    last_alerted_at = models.DateTimeField(_("last alert at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        indexes = [models.Index(fields=["frequency", "user"], name="jobs_saved_search_freq_idx")]

    def __str__(self):
        return self.name

    def filters(self) -> dict:
        """The keyword arguments of jobs.selectors.position_search for this search."""
        return {
            "q": self.q,
            "region": self.region,
            "category": self.category,
            "salary_min": self.salary_min,
            "education": self.education,
            "veteran_priority": self.veteran_priority,
            "targeted": self.targeted,
            "welcomes_family": self.welcomes_family,
            "fair": self.fair,
            "sort": self.sort,
        }

    def query_params(self) -> dict:
        """The search page's GET parameters that show this search's results."""
        from portal.models import Region

        params = {"q": self.q, "sort": self.sort}
        if self.region is not None:
            if self.region.level == Region.Level.DISTRICT:
                params.update(city=self.region.parent_id, district=self.region_id)
            else:
                params["city"] = self.region_id
        for name in ("category", "fair"):
            if getattr(self, f"{name}_id"):
                params[name] = getattr(self, f"{name}_id")
        for name in ("salary_min", "education"):
            if getattr(self, name) is not None:
                params[name] = getattr(self, name)
        for name in ("veteran_priority", "targeted", "welcomes_family"):
            if getattr(self, name):
                params[name] = "on"
        return {k: v for k, v in params.items() if v not in ("", None)}

    def results_url(self) -> str:
        from urllib.parse import urlencode

        from django.urls import reverse

        return reverse("jobs:index") + "?" + urlencode(self.query_params())

    def alerts_on(self) -> bool:
        return self.frequency != self.Frequency.OFF


class SearchAlertDelivery(models.Model):
    """A position announced to a person by saved-search alerts, instantly or in a digest. One row per (person,
    position): however many of the person's searches match, and however often a digest is rerun, the position is
    announced once. An instant alert is the matcher's own notice (same event key, see jobs.services.search_alerts),
    so a position the matcher already pushed to the person is not announced again either."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="search_alert_deliveries")
    position = models.ForeignKey("jobs.Position", models.CASCADE, related_name="search_alert_deliveries")
    saved_search = models.ForeignKey(SavedSearch, models.SET_NULL, null=True, blank=True, related_name="deliveries")
    frequency = models.CharField(_("alerts"), max_length=10, choices=SavedSearch.Frequency.choices)
    created_at = models.DateTimeField(_("announced at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("saved-search alert")
        verbose_name_plural = _("saved-search alerts")
        constraints = [
            models.UniqueConstraint(fields=["user", "position"], name="jobs_one_search_alert_per_person_position")
        ]

    def __str__(self):
        return f"{self.user} ← {self.position}"
