"""A booth's on-site interview queue (现场面试排队): a veteran takes a number (by scanning the booth's code or on
its page), the booth's members call the next one, mark them done or skip them; the veteran sees how many are
ahead. Numbers are per booth, given out under a lock on the booth row and unique in the database."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class QueueTicket(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        CALLED = "called", _("Called")
        DONE = "done", _("Interviewed")
        SKIPPED = "skipped", _("Skipped")
        LEFT = "left", _("Left the queue")

    class Source(models.TextChoices):
        SCAN = "scan", _("Scanned the booth's code")
        PAGE = "page", pgettext_lazy("queue source", "Booth page")

    OPEN = (Status.WAITING, Status.CALLED)

    booth = models.ForeignKey("jobs.Booth", models.CASCADE, related_name="queue_tickets", verbose_name=_("booth"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="queue_tickets")
    number = models.PositiveIntegerField(_("number"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WAITING)
    source = models.CharField(_("source"), max_length=5, choices=Source.choices, default=Source.PAGE)
    created_at = models.DateTimeField(_("taken at"), auto_now_add=True)
    called_at = models.DateTimeField(_("called at"), null=True, blank=True)
    called_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["booth", "number"]
        verbose_name = _("queue number")
        verbose_name_plural = _("queue numbers")
        constraints = [
            models.UniqueConstraint(fields=["booth", "number"], name="jobs_queue_unique_number"),
            models.UniqueConstraint(
                fields=["booth", "user"],
                condition=Q(status__in=["waiting", "called"]),
                name="jobs_queue_one_open_ticket",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="jobs_queue_number_positive"),
        ]
        indexes = [models.Index(fields=["booth", "status", "number"], name="jobs_queue_booth_idx")]

    def __str__(self):
        return f"{self.booth} #{self.number}"

    def is_open(self) -> bool:
        return self.status in self.OPEN

    def is_waiting(self) -> bool:
        return self.status == self.Status.WAITING

    def is_called(self) -> bool:
        """Called to the booth: the one number that can be marked interviewed (queue_ticket_finish)."""
        return self.status == self.Status.CALLED
