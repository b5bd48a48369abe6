"""A generic status history: one row per change of an application's state, for the models that keep none of their
own (jobs.Application has ApplicationEvent). Written only by portal.services.status_history.status_change_record,
which the services changing a state call; read by portal.progress to draw the timeline."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class StatusChange(models.Model):
    content_type = models.ForeignKey(ContentType, models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    # Status values of the subject's own choices ("" for the creation of the record).
    from_status = models.CharField(_("from"), max_length=30, blank=True)
    to_status = models.CharField(_("to"), max_length=30)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"], name="portal_status_subject_idx")]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id} {self.from_status or '∅'} → {self.to_status}"

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValueError("Status changes are append-only.")
        super().save(*args, **kwargs)
