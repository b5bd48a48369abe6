"""Training subsidy claims: filed by the veteran or the institution for them, decided and paid by bureau staff."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.exceptions import AccessDenied
from portal.models import AuditLog
from portal.services.audit import audit_record
from portal.services.notifications import notify
from training.models import Enrollment, SubsidyClaim
from training.permissions import can_manage_enrollment

KIND = "training"
S = Enrollment.Status


def _notify_claim(claim: SubsidyClaim, event: str, title) -> None:
    notify(
        recipient=claim.enrollment.veteran,
        event_key=f"training.claim.{claim.pk}.{event}",
        kind=KIND,
        title=title,
        body=claim.rejection_reason,
        url=reverse("training:my_training"),
    )


@transaction.atomic
def subsidy_claim_file(*, enrollment: Enrollment, actor) -> SubsidyClaim:
    """The veteran, or the institution on their behalf, claims the course's subsidy after completion."""
    enrollment = Enrollment.objects.select_for_update().select_related("training_class__course").get(pk=enrollment.pk)
    on_behalf = enrollment.veteran_id != actor.pk
    if on_behalf and not can_manage_enrollment(actor, enrollment):
        raise AccessDenied(_("You cannot file a claim for this enrolment."), hide=True)
    course = enrollment.training_class.course
    if not course.subsidy_eligible or course.subsidy_amount <= 0:
        raise ValidationError(_("This course is not eligible for a training subsidy."))
    if enrollment.status != S.COMPLETED:
        raise ValidationError(_("A subsidy can be claimed only after completing the class."))
    if SubsidyClaim.objects.filter(enrollment=enrollment).exists():
        raise ValidationError(_("A subsidy claim for this class has already been filed."))
    claim = SubsidyClaim.objects.create(enrollment=enrollment, amount=course.subsidy_amount, filed_by=actor)
    if on_behalf:
        audit_record(actor=actor, action=AuditLog.Action.ACT_FOR, target=claim, on_behalf_of=enrollment.veteran)
    _notify_claim(
        claim, "filed", _("Your training subsidy claim of %(amount)s CNY was filed") % {"amount": claim.amount}
    )
    return claim


def _lock_claim(claim: SubsidyClaim, actor) -> SubsidyClaim:
    if not (actor.is_authenticated and actor.is_bureau_staff):
        raise AccessDenied(_("Only bureau staff can decide subsidy claims."))
    return SubsidyClaim.objects.select_for_update().select_related("enrollment__veteran").get(pk=claim.pk)


@transaction.atomic
def subsidy_claim_approve(*, claim: SubsidyClaim, actor) -> SubsidyClaim:
    claim = _lock_claim(claim, actor)
    if claim.status != SubsidyClaim.Status.SUBMITTED:
        raise ValidationError(_("Only submitted claims can be approved."))
    claim.status, claim.decided_by, claim.decided_at = SubsidyClaim.Status.APPROVED, actor, timezone.now()
    claim.save(update_fields=["status", "decided_by", "decided_at"])
    audit_record(actor=actor, action=AuditLog.Action.APPROVE, target=claim)
    _notify_claim(claim, "approved", _("Your training subsidy claim was approved"))
    return claim


@transaction.atomic
def subsidy_claim_reject(*, claim: SubsidyClaim, actor, reason: str) -> SubsidyClaim:
    claim = _lock_claim(claim, actor)
    if claim.status != SubsidyClaim.Status.SUBMITTED:
        raise ValidationError(_("Only submitted claims can be rejected."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Please give a reason.")})
    claim.status, claim.decided_by, claim.decided_at = SubsidyClaim.Status.REJECTED, actor, timezone.now()
    claim.rejection_reason = reason.strip()[:300]
    claim.save(update_fields=["status", "decided_by", "decided_at", "rejection_reason"])
    audit_record(actor=actor, action=AuditLog.Action.REJECT, target=claim, detail={"reason": claim.rejection_reason})
    _notify_claim(claim, "rejected", _("Your training subsidy claim was rejected"))
    return claim


@transaction.atomic
def subsidy_claim_mark_paid(*, claim: SubsidyClaim, actor) -> SubsidyClaim:
    claim = _lock_claim(claim, actor)
    if claim.status != SubsidyClaim.Status.APPROVED:
        raise ValidationError(_("Only approved claims can be marked as paid."))
    claim.status, claim.paid_at = SubsidyClaim.Status.PAID, timezone.now()
    claim.save(update_fields=["status", "paid_at"])
    audit_record(actor=actor, action=AuditLog.Action.OTHER, target=claim, detail={"paid": str(claim.amount)})
    _notify_claim(claim, "paid", _("Your training subsidy of %(amount)s CNY was paid") % {"amount": claim.amount})
    return claim
