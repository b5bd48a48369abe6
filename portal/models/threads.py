"""Message threads about one object (a job application, a training enrolment, …): the person it belongs to and the
organization handling it write to each other; either side may file a complaint, after which bureau staff may read
the thread, each read audited. Who the two sides are is the subject app's decision (a portal.threads.ThreadPolicy);
the writes are in portal.services.threads."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from portal.uploads import DocumentField


def thread_attachment_upload_to(instance, filename):
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"threads/{uuid.uuid4().hex}.{ext}"


class ThreadQuerySet(models.QuerySet):
    def about(self, subject):
        """The thread of `subject` (at most one)."""
        return self.filter(content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk)


class Thread(models.Model):
    content_type = models.ForeignKey(ContentType, models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    complaint_at = models.DateTimeField(_("complaint filed at"), null=True, blank=True)
    complaint_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("filed by")
    )
    complaint_reason = models.CharField(_("complaint"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ThreadQuerySet.as_manager()

    class Meta:
        verbose_name = _("message thread")
        verbose_name_plural = _("message threads")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="portal_one_thread_per_subject")
        ]

    def __str__(self):  # no content: the admin and the audit log show this
        return f"#{self.pk} ({self.content_type_id}:{self.object_id})"

    def has_complaint(self) -> bool:
        return self.complaint_at is not None


class ThreadMessageQuerySet(models.QuerySet):
    def unread_by(self, user):
        """Messages by someone else after the user's read mark on their thread: the one rule of "unread"."""
        last_read = ThreadReadMark.objects.filter(thread=OuterRef("thread"), user=user).values("last_read_id")[:1]
        return self.exclude(author=user).filter(id__gt=Coalesce(Subquery(last_read), Value(0)))

    def unread_count_per_subject(self, model, user):
        """A subquery for annotating a queryset of `model` (OuterRef("pk")) with the user's unread count."""
        unread = (
            self.unread_by(user)
            .filter(thread__content_type=ContentType.objects.get_for_model(model), thread__object_id=OuterRef("pk"))
            .order_by()
            .values("thread")
            .annotate(n=Count("id"))
            .values("n")
        )
        return Coalesce(Subquery(unread, output_field=IntegerField()), Value(0))

    def about_model(self, model):
        """Messages in threads about objects of `model` (e.g. every enrolment's)."""
        return self.filter(thread__content_type=ContentType.objects.get_for_model(model))


class ThreadMessage(models.Model):
    thread = models.ForeignKey(Thread, models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    body = models.TextField(_("message"), max_length=2000, blank=True)
    attachment = DocumentField(_("attachment"), upload_to=thread_attachment_upload_to, blank=True)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    objects = ThreadMessageQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        constraints = [
            models.CheckConstraint(condition=~Q(body="", attachment=""), name="portal_thread_message_not_empty"),
        ]

    def __str__(self):
        return f"#{self.pk}"


class ThreadReadMark(models.Model):
    """How far a person has read a thread: messages after `last_read_id` by someone else are unread."""

    thread = models.ForeignKey(Thread, models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    last_read_id = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "user"], name="portal_one_read_mark_per_thread")]

    def __str__(self):
        return f"{self.thread} {self.user_id}"
