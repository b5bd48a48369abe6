"""Every text message the portal sends, one row per message: the record staff read in the admin, and the
idempotency key that makes a retried or duplicated task send nothing twice."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal import crypto
from portal.models.fields import EncryptedPhoneMixin


class SmsMessageQuerySet(models.QuerySet):
    def due(self, now):
        return self.filter(status=SmsMessage.Status.PENDING, not_before__lte=now)

    def counted_for_rate_limit(self):
        """What counts against a number's limit: everything queued or sent, not what was refused or failed."""
        return self.filter(status__in=[SmsMessage.Status.PENDING, SmsMessage.Status.SENDING, SmsMessage.Status.SENT])


class SmsMessage(EncryptedPhoneMixin):
    class Status(models.TextChoices):
        PENDING = "pending", _("Queued")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        RATE_LIMITED = "rate_limited", _("Not sent (too many messages to this number)")

    class Purpose(models.TextChoices):
        VERIFICATION_CODE = "verification_code", _("Verification code")
        NOTICE = "notice", _("Notice")
        INVITATION = "invitation", _("Account invitation")

    idempotency_key = models.CharField(_("idempotency key"), max_length=150, unique=True)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("user")
    )
    notification = models.ForeignKey(
        "portal.Notification", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("notice")
    )
    template_code = models.CharField(_("template code"), max_length=50)
    # The template's parameters, encrypted: a verification code is a secret, and the text may carry personal data.
    params_encrypted = crypto.EncryptedTextField(_("parameters (encrypted)"), blank=True, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True)
    not_before = models.DateTimeField(_("not before"), db_index=True)
    attempts = models.PositiveSmallIntegerField(_("sending attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    provider_message_id = models.CharField(_("provider message id"), max_length=100, blank=True)
    provider_request_id = models.CharField(_("provider request id"), max_length=100, blank=True)
    backend = models.CharField(_("backend"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = SmsMessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("text message")
        verbose_name_plural = _("text messages")
        indexes = [models.Index(fields=["phone_hash", "created_at"], name="sms_phone_created_idx")]

    def __str__(self):
        return f"{self.get_purpose_display()} → ****{self.phone_last4}"

    @property
    def masked_phone(self) -> str:
        return f"*******{self.phone_last4}" if self.phone_last4 else ""
