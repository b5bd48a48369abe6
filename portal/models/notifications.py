"""In-site notifications with e-mail delivery state, and each user's notice preferences."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.messages import render_stored


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def email_due(self):
        return self.filter(email_status=Notification.EmailStatus.PENDING)


class Notification(models.Model):
    """One notice to one user about one event. (recipient, event_key) is unique: a retried task never sends twice."""

    class EmailStatus(models.TextChoices):
        NONE = "none", _("No e-mail")
        PENDING = "pending", _("E-mail queued")
        SENT = "sent", _("E-mail sent")
        FAILED = "failed", _("E-mail failed")
        SKIPPED = "skipped", _("E-mail not sent (preferences)")

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="notifications")
    event_key = models.CharField(max_length=150)
    kind = models.CharField(_("kind"), max_length=40, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    # The title and body as message ids with parameters (portal.messages), rendered in the reader's language;
    # title/body above keep them as rendered for the recipient when written (and are all that old rows have).
    title_message = models.JSONField(null=True, blank=True, editable=False)
    body_message = models.JSONField(null=True, blank=True, editable=False)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    email_status = models.CharField(max_length=10, choices=EmailStatus.choices, default=EmailStatus.NONE, db_index=True)
    email_not_before = models.DateTimeField(null=True, blank=True)
    email_sent_at = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [models.UniqueConstraint(fields=["recipient", "event_key"], name="unique_notification_event")]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")]

    def __str__(self):
        return self.shown_title

    @property
    def shown_title(self) -> str:
        """The title in the active language."""
        return render_stored(self.title_message, self.title)

    @property
    def shown_body(self) -> str:
        return render_stored(self.body_message, self.body)


# The kinds of notice (Notification.kind) a text message may be sent for, by the preference that allows it.
SMS_KIND_GROUPS = {
    "jobs_application": "sms_applications",
    "jobs_follow_up": "sms_applications",
    "jobs_interview": "sms_applications",
    "benefits_application": "sms_applications",
    "entrepreneurship": "sms_applications",
    "profile_review": "sms_applications",
    "family": "sms_applications",
    "fair_reminder": "sms_fairs",
    "jobs_fair": "sms_fairs",
    "training": "sms_training",
    "benefits_card": "sms_card",
}


class NotificationPreference(models.Model):
    """What a user lets us send. In-site notices always arrive; e-mail is opt-in."""

    class EmailMode(models.TextChoices):
        INSTANT = "instant", _("Instantly")
        DIGEST = "digest", _("Daily digest")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, related_name="notification_preference")
    email_enabled = models.BooleanField(_("send me e-mail"), default=False)
    email_mode = models.CharField(
        _("e-mail frequency"), max_length=10, choices=EmailMode.choices, default=EmailMode.INSTANT
    )
    job_push = models.BooleanField(_("positions that match me"), default=True)
    weekly_picks = models.BooleanField(_("weekly curated positions"), default=True)
    fair_reminders = models.BooleanField(_("job fair reminders"), default=True)
    quiet_start = models.PositiveSmallIntegerField(_("quiet hours start (hour)"), default=22)
    quiet_end = models.PositiveSmallIntegerField(_("quiet hours end (hour)"), default=8)
    unsubscribed_at = models.DateTimeField(_("unsubscribed from e-mail at"), null=True, blank=True)
    # Text messages, per kind of notice (SMS_KIND_GROUPS below); opt-in, sent outside quiet hours only.
    sms_applications = models.BooleanField(_("text me about my applications and registration"), default=False)
    sms_fairs = models.BooleanField(_("text me job fair reminders"), default=False)
    sms_training = models.BooleanField(_("text me about my classes"), default=False)
    sms_card = models.BooleanField(_("text me about my benefit card (expiry, renewal)"), default=False)

    # What the person sets themselves (the settings page, the API, notification_preference_update).
    PERSONAL_FIELDS = (
        "email_enabled",
        "email_mode",
        "job_push",
        "weekly_picks",
        "fair_reminders",
        "quiet_start",
        "quiet_end",
        "sms_applications",
        "sms_fairs",
        "sms_training",
        "sms_card",
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self):
        return str(self.user)

    def allows_sms(self, kind: str) -> bool:
        group = SMS_KIND_GROUPS.get(kind)
        return bool(group and getattr(self, group))

    def allows(self, kind: str) -> bool:
        """Whether a notice of this kind may be sent at all (in-site included) — for optional push kinds only."""
        return {"job_push": self.job_push, "weekly_picks": self.weekly_picks, "fair_reminder": self.fair_reminders}.get(
            kind, True
        )
