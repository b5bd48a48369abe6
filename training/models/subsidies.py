"""Training subsidy claims filed after completion and decided by bureau staff."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from training.models.enrolment import Enrollment


class SubsidyClaim(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", pgettext_lazy("subsidy claim", "Submitted")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        PAID = "paid", _("Paid")

    enrollment = models.OneToOneField(
        Enrollment, models.PROTECT, related_name="subsidy_claim", verbose_name=_("enrolment")
    )
    amount = models.DecimalField(_("amount (CNY)"), max_digits=9, decimal_places=2)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("filed by")
    )
    rejection_reason = models.CharField(_("reason for rejection"), max_length=300, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    created_at = models.DateTimeField(_("filed at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("subsidy claim")
        verbose_name_plural = _("subsidy claims")

    def __str__(self):
        return f"{self.enrollment} · {self.amount}"
