"""Append-only audit log: unmasking personal data, exports, acting for a veteran, approvals."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditLog(models.Model):
    class Action(models.TextChoices):
        UNMASK = "unmask", _("Viewed full personal data")
        EXPORT = "export", _("Exported data")
        ACT_FOR = "act_for", _("Acted on behalf of a user")
        APPROVE = "approve", _("Approved")
        REJECT = "reject", _("Rejected")
        VERIFY = "verify", _("Verified")
        DATA_EXPORT = "data_export", _("User downloaded own data")
        ERASE = "erase", _("Account erased")
        IMPORT = "import", _("Bulk import")
        ACCESS = "access", _("Changed access rights")
        CONSENT = "consent", _("Consent given")
        CONSENT_WITHDRAW = "consent_withdraw", _("Consent withdrawn")
        OTHER = "other", _("Other")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("actor")
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices, db_index=True)
    target_type = models.CharField(_("object type"), max_length=60, blank=True)
    target_id = models.CharField(_("object id"), max_length=40, blank=True)
    target_repr = models.CharField(_("object"), max_length=200, blank=True)
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("on behalf of"),
    )
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        permissions = [("browse_auditlog", _("Can browse the audit log"))]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.target_repr}"

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValueError("Audit log entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit log entries cannot be deleted.")
