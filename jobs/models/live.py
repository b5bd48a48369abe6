"""The live-stream fair room (直播带岗): the schedule of which booth presents when. Who presents right now is on
the fair itself (JobFair.presenting_booth), switched by staff or the presenting employer."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PresentationSlot(models.Model):
    """One booth's turn on the stream. Slots of a fair never overlap (checked by the service under the fair's
    row lock): one employer presents at a time."""

    fair = models.ForeignKey("jobs.JobFair", models.CASCADE, related_name="presentation_slots")
    booth = models.ForeignKey("jobs.Booth", models.CASCADE, related_name="presentation_slots", verbose_name=_("booth"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    topic = models.CharField(pgettext_lazy("presentation", "topic"), max_length=120, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["fair", "starts_at", "id"]
        verbose_name = _("presentation slot")
        verbose_name_plural = _("presentation slots")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="jobs_presentation_ends_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.fair} · {self.booth.organization}"

    def is_on(self, now) -> bool:
        return self.starts_at <= now < self.ends_at
