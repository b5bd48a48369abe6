"""Incubator bases (创业孵化基地 / 众创空间) and veteran projects' residency (入驻) in them."""

from django.conf import settings
from django.db import models
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class IncubatorBaseQuerySet(models.QuerySet):
    def listed(self):
        return self.filter(is_active=True, operator__status="verified")

    def operated_by(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(operator__memberships__user=user, operator__status="verified")


class IncubatorBase(models.Model):
    operator = models.ForeignKey(
        "portal.Organization",
        models.PROTECT,
        related_name="incubator_bases",
        limit_choices_to={"org_type": "incubator"},
        verbose_name=_("operator"),
    )
    name = models.CharField(pgettext_lazy("entrepreneurship", "name"), max_length=120)
    region = models.ForeignKey("portal.Region", models.PROTECT, verbose_name=_("region"))
    address = models.CharField(_("address"), max_length=200)
    services = models.TextField(_("services"), blank=True)
    # Once the base has rooms with desks, these two follow them (entrepreneurship.services.workstations).
    total_workstations = models.PositiveIntegerField(_("workstations"))
    rooms = models.PositiveIntegerField(_("rooms"), default=0)
    veteran_priority_policy = models.TextField(_("veteran priority policy"), blank=True)
    is_active = models.BooleanField(_("accepting applications"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = IncubatorBaseQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("incubator base")
        verbose_name_plural = _("incubator bases")

    def __str__(self):
        return self.name

    def occupied_workstations(self) -> int:
        return self.residencies.active().aggregate(n=Sum("workstations_allocated"))["n"] or 0

    def free_workstations(self) -> int:
        return max(self.total_workstations - self.occupied_workstations(), 0)

    def jobs_created(self) -> int:
        return self.residencies.active().aggregate(n=Sum("enterprise__jobs_created"))["n"] or 0


class ResidencyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Residency.Status.ACTIVE)


class Residency(models.Model):
    """One residency application; once accepted it is the residency itself (allocation, dates, renewal, exit)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting review")
        ACTIVE = "active", _("In residence")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        EXITED = "exited", _("Exited")

    base = models.ForeignKey(IncubatorBase, models.PROTECT, related_name="residencies", verbose_name=_("base"))
    enterprise = models.ForeignKey(
        "entrepreneurship.Enterprise", models.CASCADE, related_name="residencies", verbose_name=_("project")
    )
    workstations_requested = models.PositiveIntegerField(_("workstations requested"))
    workstations_allocated = models.PositiveIntegerField(_("workstations allocated"), default=0)
    message = models.TextField(_("message to the operator"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    rejection_reason = models.CharField(_("rejection reason"), max_length=300, blank=True)
    start_date = models.DateField(pgettext_lazy("residency", "start date"), null=True, blank=True)
    end_date = models.DateField(pgettext_lazy("residency", "end date"), null=True, blank=True)
    renewals = models.PositiveSmallIntegerField(_("renewals"), default=0)
    exited_on = models.DateField(_("exited on"), null=True, blank=True)
    # The end date whose 30-day notice was sent (a renewal moves end_date, so the new end gets its own notice).
    expiry_notice_for = models.DateField(null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(pgettext_lazy("application", "applied at"), auto_now_add=True)

    objects = ResidencyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("residency application")
        verbose_name_plural = _("residency applications")
        constraints = [
            models.CheckConstraint(condition=Q(workstations_requested__gte=1), name="residency_requests_one_or_more"),
            # One open application or residency per project and base.
            models.UniqueConstraint(
                fields=["base", "enterprise"],
                condition=Q(status__in=["pending", "active"]),
                name="residency_one_open_per_base",
            ),
        ]

    def __str__(self):
        return f"{self.enterprise} @ {self.base}"

    # Yes/no questions the services refuse by and the pages ask before offering a button.
    def awaits_review(self) -> bool:
        """The operator accepts or rejects it; the founder may still withdraw it."""
        return self.status == self.Status.PENDING

    def is_in_residence(self) -> bool:
        """Active: the operator renews it or records the exit; the founder may leave."""
        return self.status == self.Status.ACTIVE

    def is_open(self) -> bool:
        """Pending or in residence: its founder can withdraw it or move out."""
        return self.awaits_review() or self.is_in_residence()

    def progress_steps(self):
        """Applied → in residence → exited, or rejected / withdrawn (portal.progress)."""
        from portal.progress import HOLDER_OPERATOR, step

        S = self.Status
        if self.status in (S.REJECTED, S.WITHDRAWN):
            return [step(S, S.PENDING), step(S, self.status, negative=True)]
        return [step(S, S.PENDING, HOLDER_OPERATOR), step(S, S.ACTIVE), step(S, S.EXITED)]
