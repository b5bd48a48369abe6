"""Certificates issued for a completed class, verifiable by a code."""

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.crypto import mask_name
from training.models.courses import Course, SkillLevel
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
    # Skill level certificates (职业技能等级证书) only: what was assessed, by whom, and the national number.
    occupation = models.CharField(_("occupation"), max_length=100, blank=True)
    skill_level = models.PositiveSmallIntegerField(_("skill level"), choices=SkillLevel.choices, null=True, blank=True)
    assessment_body = models.CharField(_("assessment body"), max_length=120, blank=True)
    national_number = models.CharField(_("national certificate number"), max_length=40, blank=True)
    assessed_on = models.DateField(_("assessed on"), null=True, blank=True)

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["national_number"],
                condition=~models.Q(national_number=""),
                name="training_certificate_national_number_unique",
            )
        ]

    def __str__(self):
        return self.number

    def is_skill_certificate(self) -> bool:
        return self.certificate_type == Course.CertificateType.SKILL_LEVEL

    def is_valid(self) -> bool:
        return self.revoked_at is None

    @property
    def masked_holder_name(self) -> str:
        from portal.people import display_name

        return mask_name(self.holder_name) if self.holder_name else display_name(self.enrollment.veteran)
