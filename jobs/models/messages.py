"""Messages per application (沟通记录): one thread between the applicant and the members of the employer that owns
the position. Either side may file a complaint on the thread; from then on the bureau staff of the fair's
organizer (or staff holding the explicit permission) may read it, each read written to the audit log.
Who may read and write is decided in jobs.permissions; the writes are in jobs.services.messages."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.uploads import DocumentField


def attachment_upload_to(instance, filename):
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"messages/{uuid.uuid4().hex}.{ext}"


class MessageThread(models.Model):
    application = models.OneToOneField(
        "jobs.Application", models.CASCADE, related_name="thread", verbose_name=_("application")
    )
    complaint_at = models.DateTimeField(_("complaint filed at"), null=True, blank=True)
    complaint_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("filed by")
    )
    complaint_reason = models.CharField(_("complaint"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("message thread")
        verbose_name_plural = _("message threads")
        permissions = [("read_complained_thread", "Can read any message thread under complaint")]

    def __str__(self):  # no content: the admin and the audit log show this
        return f"#{self.pk} ({self.application_id})"

    def has_complaint(self) -> bool:
        return self.complaint_at is not None


class Message(models.Model):
    thread = models.ForeignKey(MessageThread, models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    body = models.TextField(_("message"), max_length=2000, blank=True)
    attachment = DocumentField(_("attachment"), upload_to=attachment_upload_to, blank=True)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        constraints = [
            models.CheckConstraint(condition=~Q(body="", attachment=""), name="jobs_message_not_empty"),
        ]

    def __str__(self):
        return f"#{self.pk}"


class ThreadRead(models.Model):
    """How far a person has read a thread: messages after `last_read_id` by someone else are unread."""

    thread = models.ForeignKey(MessageThread, models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    last_read_id = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "user"], name="jobs_one_read_mark_per_thread")]

    def __str__(self):
        return f"{self.thread} {self.user_id}"
