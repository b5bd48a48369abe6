"""Certificates issued for a completed class, verifiable by a code."""

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.crypto import mask_name
from training.models.courses import Course
from training.models.enrolment import Enrollment


def _verify_code() -> str:
    return secrets.token_urlsafe(12)


class Certificate(models.Model):
    enrollment = models.OneToOneField(
        Enrollment, models.PROTECT, related_name="certificate", verbose_name=_("enrolment")
    )
    number = models.CharField(_("certificate number"), max_length=30, unique=True)
    verify_code = models.CharField(_("verification code"), max_length=32, unique=True, default=_verify_code)
    holder_name = models.CharField(_("holder"), max_length=50)
    certificate_type = models.CharField(_("type"), max_length=20, choices=Course.CertificateType.choices)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoke_reason = models.CharField(_("reason for revocation"), max_length=300, blank=True)

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self):
        return self.number

    def is_valid(self) -> bool:
        return self.revoked_at is None

    @property
    def masked_holder_name(self) -> str:
        from portal.people import display_name

        return mask_name(self.holder_name) if self.holder_name else display_name(self.enrollment.veteran)
