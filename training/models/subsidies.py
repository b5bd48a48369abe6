"""Training subsidy claims filed after completion, with their evidence, payee and payment, decided by bureau staff."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from portal import crypto
from portal.crypto import EncryptedTextField
from portal.uploads import SanitizingFieldMixin, _field_errors
from portal.validators import validate_resume
from training.models.enrolment import Enrollment


class SubsidyClaim(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", pgettext_lazy("subsidy claim", "Submitted")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        PAID = "paid", _("Paid")

    class Payee(models.TextChoices):
        INSTITUTION = "institution", _("The institution's account")
        TRAINEE = "trainee", _("The trainee")

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
    payee = models.CharField(_("payee"), max_length=20, choices=Payee.choices, blank=True)
    payee_name = models.CharField(_("account holder"), max_length=100, blank=True)
    payee_bank = models.CharField(_("bank"), max_length=100, blank=True)
    payee_account_encrypted = EncryptedTextField(_("account number"), blank=True, editable=False)
    approved_amount = models.DecimalField(
        _("approved amount (CNY)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    approval_note = models.CharField(_("note on the approved amount"), max_length=300, blank=True)
    rejection_reason = models.CharField(_("reason for rejection"), max_length=300, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    created_at = models.DateTimeField(_("filed at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("subsidy claim")
        verbose_name_plural = _("subsidy claims")
        constraints = [
            models.CheckConstraint(
                condition=Q(approved_amount__isnull=True)
                | Q(approved_amount__gt=0, approved_amount__lte=models.F("amount")),
                name="training_claim_approved_within_claimed",
            )
        ]

    def __str__(self):
        return f"{self.enrollment} · {self.amount}"

    def payee_account(self) -> str:
        return crypto.decrypt(self.payee_account_encrypted) if self.payee_account_encrypted else ""

    @property
    def masked_payee_account(self) -> str:
        account = self.payee_account()
        return f"****{account[-4:]}" if account else ""

    def is_open_for_evidence(self) -> bool:
        return self.status == self.Status.SUBMITTED

    def awaits_decision(self) -> bool:
        """Submitted and not yet decided: staff approve or reject it."""
        return self.status == self.Status.SUBMITTED

    def awaits_payment(self) -> bool:
        """Approved and not yet paid: staff record the payment."""
        return self.status == self.Status.APPROVED

    def progress_steps(self):
        """Submitted → approved → paid, or rejected (portal.progress). While submitted the claim waits for staff,
        and for the evidence and payee the trainee or the institution adds."""
        from portal.progress import HOLDER_BUREAU, step

        S = self.Status
        if self.status == S.REJECTED:
            return [step(S, S.SUBMITTED), step(S, S.REJECTED, negative=True)]
        return [step(S, S.SUBMITTED, HOLDER_BUREAU), step(S, S.APPROVED, HOLDER_BUREAU), step(S, S.PAID)]


def evidence_upload_to(instance, filename):
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "pdf"
    return f"training/evidence/{uuid.uuid4().hex}.{ext}"


def evidence_prepare(upload):
    """Evidence goes through the résumé rules of portal.uploads (PDF, DOCX or an image, checked by content and
    size; an image is re-encoded without its metadata), stored under a neutral name."""
    from django.core.files.base import ContentFile

    from portal.uploads import image_sanitize

    ext = validate_resume(upload)
    if ext in ("jpg", "png", "webp"):
        return image_sanitize(upload, max_bytes=settings.RESUME_MAX_BYTES, name="evidence")
    upload.seek(0)
    content = ContentFile(upload.read(), name=f"evidence.{ext}")
    upload.seek(0)
    content.sanitized = True
    return content


class EvidenceField(SanitizingFieldMixin, models.FileField):
    default_validators = [_field_errors(validate_resume)]

    def sanitize(self, upload):
        return evidence_prepare(upload)


class SubsidyAttachment(models.Model):
    class Kind(models.TextChoices):
        ATTENDANCE_SHEET = "attendance_sheet", _("Attendance sheet")
        INVOICE = "invoice", _("Invoice")
        CERTIFICATE = "certificate", _("Certificate")
        OTHER = "other", pgettext_lazy("attachment", "Other")

    claim = models.ForeignKey(SubsidyClaim, models.CASCADE, related_name="attachments", verbose_name=_("claim"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    file = EvidenceField(_("file"), upload_to=evidence_upload_to)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["claim", "uploaded_at", "pk"]
        verbose_name = _("claim attachment")
        verbose_name_plural = _("claim attachments")

    def __str__(self):
        return f"{self.claim_id} · {self.get_kind_display()}"


class SubsidyPayment(models.Model):
    """The payment of an approved claim as the bureau's finance records it: amount, date and voucher (凭证号)."""

    claim = models.OneToOneField(SubsidyClaim, models.PROTECT, related_name="payment", verbose_name=_("claim"))
    amount = models.DecimalField(_("amount paid (CNY)"), max_digits=9, decimal_places=2)
    paid_on = models.DateField(_("paid on"))
    # One voucher may pay several claims (a batch to an institution's account), so it is not unique.
    voucher_number = models.CharField(_("voucher number"), max_length=40, db_index=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-paid_on", "-pk"]
        verbose_name = _("subsidy payment")
        verbose_name_plural = _("subsidy payments")
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="training_payment_positive")]

    def __str__(self):
        return f"{self.voucher_number} · {self.amount}"
