"""Certificates: issued once for a completed class, revoked by the issuing institution with a reason."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.exceptions import AccessDenied
from portal.models import AuditLog, VeteranProfile
from portal.services.audit import audit_record
from portal.services.notifications import notify
from training.models import Certificate, Enrollment
from training.permissions import can_manage_enrollment

KIND = "training"
S = Enrollment.Status


def certificate_number(enrollment: Enrollment) -> str:
    year = timezone.localtime().year
    return f"TC{year}{enrollment.training_class.course.institution_id:04d}{enrollment.pk:08d}"


@transaction.atomic
def certificate_issue(*, enrollment: Enrollment) -> Certificate:
    if enrollment.status != S.COMPLETED:
        raise ValidationError(_("A certificate is issued only for a completed class."))
    existing = Certificate.objects.filter(enrollment=enrollment).first()
    if existing:
        return existing
    profile = VeteranProfile.objects.get(user_id=enrollment.veteran_id)
    return Certificate.objects.create(
        enrollment=enrollment,
        number=certificate_number(enrollment),
        holder_name=profile.real_name,
        certificate_type=enrollment.training_class.course.certificate_type,
    )


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
    with translation.override(veteran.language or settings.LANGUAGE_CODE):
        title = _("Your certificate %(number)s has been revoked") % {"number": certificate.number}
    notify(
        recipient=veteran,
        event_key=f"training.certificate.{certificate.pk}.revoked",
        kind=KIND,
        title=title,
        body=certificate.revoke_reason,
        url=reverse("training:my_training"),
    )
    return certificate
