"""Certificates: issued once for a completed class (a skill level course: once its assessment result is recorded,
with the national certificate number), revoked by the issuing institution with a reason."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.exceptions import AccessDenied
from portal.messages import Message
from portal.models import AuditLog, VeteranProfile
from portal.services.audit import audit_record
from portal.services.notifications import notify
from training.models import Certificate, Course, Enrollment, SkillLevel
from training.permissions import can_manage_enrollment

KIND = "training"


def certificate_number(enrollment: Enrollment) -> str:
    year = timezone.localtime().year
    return f"TC{year}{enrollment.training_class.course.institution_id:04d}{enrollment.pk:08d}"


@transaction.atomic
def certificate_issue(*, enrollment: Enrollment) -> Certificate:
    if not enrollment.is_completed():
        raise ValidationError(_("A certificate is issued only for a completed class."))
    existing = Certificate.objects.filter(enrollment=enrollment).first()
    if existing:
        return existing
    return Certificate.objects.create(
        enrollment=enrollment,
        number=certificate_number(enrollment),
        holder_name=_holder_name(enrollment),
        certificate_type=Course.CertificateType.COMPLETION,
    )


def _holder_name(enrollment: Enrollment) -> str:
    profile = VeteranProfile.objects.filter(user_id=enrollment.veteran_id).first()
    if profile is not None:
        return profile.real_name
    family = getattr(enrollment.veteran, "family_profile", None)
    return getattr(family, "real_name", "") or enrollment.veteran.get_full_name()


# The national number the assessment body prints (全国统一编号): letters and digits, as issued; checked for shape
# only, since bodies differ in their format.
NATIONAL_NUMBER_RE = re.compile(r"^[0-9A-Z]{8,40}$")


@transaction.atomic
def skill_certificate_issue(
    *, enrollment: Enrollment, actor, national_number: str, assessed_on: datetime.date, skill_level: int | None = None
) -> Certificate:
    """Record the assessment (职业技能鉴定) a completed skill level course led to: the certificate (职业技能等级证书)
    with the occupation, level, assessment body, national number and date."""
    enrollment = Enrollment.objects.select_for_update().select_related("training_class__course").get(pk=enrollment.pk)
    if not can_manage_enrollment(actor, enrollment):
        raise AccessDenied(_("You cannot manage this class."))
    course = enrollment.training_class.course
    if not course.leads_to_assessment():
        raise ValidationError(_("This course does not lead to a skill assessment."))
    if not enrollment.is_completed():
        raise ValidationError(_("The assessment result is recorded only for a completed class."))
    if Certificate.objects.filter(enrollment=enrollment).exists():
        raise ValidationError(_("A certificate has already been issued for this enrolment."))
    errors = {}
    number = re.sub(r"[\s-]", "", national_number or "").upper()
    if not NATIONAL_NUMBER_RE.match(number):
        errors["national_number"] = _("Enter the national certificate number as printed: 8 to 40 letters or digits.")
    elif Certificate.objects.filter(national_number=number).exists():
        errors["national_number"] = _("A certificate with this national number is already recorded.")
    level = skill_level or course.assessment_level
    if level not in SkillLevel.values:
        errors["skill_level"] = _("Choose a skill level.")
    if not isinstance(assessed_on, datetime.date):
        errors["assessed_on"] = _("Enter the date of the assessment.")
    elif assessed_on > timezone.localdate() or assessed_on < enrollment.training_class.start_date:
        errors["assessed_on"] = _("The assessment date must be between the start of the class and today.")
    if errors:
        raise ValidationError(errors)
    certificate = Certificate.objects.create(
        enrollment=enrollment,
        number=certificate_number(enrollment),
        holder_name=_holder_name(enrollment),
        certificate_type=Course.CertificateType.SKILL_LEVEL,
        occupation=course.assessment_occupation,
        skill_level=level,
        assessment_body=course.assessment_body,
        national_number=number,
        assessed_on=assessed_on,
    )
    audit_record(actor=actor, action=AuditLog.Action.OTHER, target=certificate, detail={"assessed": number})
    veteran = enrollment.veteran
    title = Message(gettext_lazy("Your skill level certificate %(number)s was issued"), number=number)
    notify(
        recipient=veteran,
        event_key=f"training.certificate.{certificate.pk}.issued",
        kind=KIND,
        title=title,
        url=reverse("training:my_training"),
    )
    return certificate


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, actor, reason: str) -> Certificate:
    """The institution that issued it (or bureau staff) revokes a certificate, with a reason; it then verifies as
    revoked and the holder is told."""
    certificate = Certificate.objects.select_for_update().select_related("enrollment__veteran").get(pk=certificate.pk)
    if not can_manage_enrollment(actor, certificate.enrollment):
        raise AccessDenied(_("You cannot manage this class."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Please give a reason.")})
    if certificate.revoked_at:
        raise ValidationError(_("This certificate is already revoked."))
    certificate.revoked_at = timezone.now()
    certificate.revoke_reason = reason.strip()[:300]
    certificate.save(update_fields=["revoked_at", "revoke_reason"])
    audit_record(actor=actor, action=AuditLog.Action.REJECT, target=certificate, detail={"revoked": reason})
    veteran = certificate.enrollment.veteran
    title = Message(gettext_lazy("Your certificate %(number)s has been revoked"), number=certificate.number)
    notify(
        recipient=veteran,
        event_key=f"training.certificate.{certificate.pk}.revoked",
        kind=KIND,
        title=title,
        body=certificate.revoke_reason,
        url=reverse("training:my_training"),
    )
    return certificate
