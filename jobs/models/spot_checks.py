"""Spot checks (抽查) of positions a trusted employer published without review: a share of them waits here for
staff, who pass each or take it down."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PositionSpotCheckQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(status=PositionSpotCheck.Status.WAITING)


class PositionSpotCheck(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting for a spot check")
        PASSED = "passed", _("Passed the spot check")
        TAKEN_DOWN = "taken_down", _("Taken down at the spot check")

    position = models.OneToOneField(
        "jobs.Position", models.CASCADE, related_name="spot_check", verbose_name=_("position")
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.WAITING)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)

    objects = PositionSpotCheckQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("spot check")
        verbose_name_plural = _("spot checks")

    def __str__(self):
        return str(self.position)
