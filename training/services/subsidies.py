"""Training subsidy claims: filed by the veteran or the institution for them, with their evidence (attendance
sheets, invoices, certificates) and payee; approved by bureau staff with the amount for the person; the payment
(amount, date, voucher number) recorded by staff from the finance office's voucher."""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import crypto
from portal.exceptions import AccessDenied
from portal.messages import Message
from portal.models import AuditLog
from portal.services.audit import audit_record
from portal.services.notifications import notify
from portal.services.status_history import status_change_record
from training.models import Enrollment, SubsidyAttachment, SubsidyClaim, SubsidyPayment
from training.models.subsidies import evidence_prepare
from training.permissions import can_manage_enrollment

KIND = "training"
CENT = Decimal("0.01")
MAX_ATTACHMENTS = 20
ACCOUNT_RE = re.compile(r"^[0-9]{8,32}$")


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
    if not enrollment.is_completed():
        raise ValidationError(_("A subsidy can be claimed only after completing the class."))
    if SubsidyClaim.objects.filter(enrollment=enrollment).exists():
        raise ValidationError(_("A subsidy claim for this class has already been filed."))
    # The payee defaults to whoever filed: the institution's account, or the trainee; either may change it.
    claim = SubsidyClaim.objects.create(
        enrollment=enrollment,
        amount=course.subsidy_amount,
        filed_by=actor,
        payee=SubsidyClaim.Payee.INSTITUTION if on_behalf else SubsidyClaim.Payee.TRAINEE,
        payee_name=course.institution.name if on_behalf else "",
    )
    status_change_record(subject=claim, from_status="", to_status=claim.status, actor=actor)
    if on_behalf:
        audit_record(actor=actor, action=AuditLog.Action.ACT_FOR, target=claim, on_behalf_of=enrollment.veteran)
    _notify_claim(
        claim,
        "filed",
        Message(gettext_lazy("Your training subsidy claim of %(amount)s CNY was filed"), amount=claim.amount),
    )
    return claim


def _lock_claim(claim: SubsidyClaim, actor) -> SubsidyClaim:
    if not (actor.is_authenticated and actor.is_bureau_staff):
        raise AccessDenied(_("Only bureau staff can decide subsidy claims."))
    return SubsidyClaim.objects.select_for_update().select_related("enrollment__veteran").get(pk=claim.pk)


def _money(value, field: str) -> Decimal:
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError({field: _("Enter an amount in yuan, e.g. 1500.00.")}) from None
    if not amount.is_finite() or amount != amount.quantize(CENT):
        raise ValidationError({field: _("Enter an amount in yuan with at most two decimals (fen).")})
    return amount


def can_edit_claim(actor, claim: SubsidyClaim) -> bool:
    """The trainee and the institution add evidence and the payee while the claim awaits a decision."""
    return actor.is_authenticated and (
        claim.enrollment.veteran_id == actor.pk or can_manage_enrollment(actor, claim.enrollment)
    )


@transaction.atomic
def subsidy_claim_set_payee(*, claim: SubsidyClaim, actor, payee: str, name: str, bank: str, account: str):
    claim = SubsidyClaim.objects.select_for_update().select_related("enrollment__training_class").get(pk=claim.pk)
    if not can_edit_claim(actor, claim):
        raise AccessDenied(_("You cannot change this claim."), hide=True)
    if not claim.is_open_for_evidence():
        raise ValidationError(_("The claim has been decided; its payee can no longer change."))
    errors = {}
    if payee not in SubsidyClaim.Payee.values:
        errors["payee"] = _("Choose who is paid: the institution's account or the trainee.")
    name, bank = (name or "").strip()[:100], (bank or "").strip()[:100]
    account = re.sub(r"[\s-]", "", account or "")
    if not name:
        errors["name"] = _("Give the account holder's name.")
    if not bank:
        errors["bank"] = _("Give the bank and branch.")
    if not ACCOUNT_RE.match(account):
        errors["account"] = _("A bank account number has 8 to 32 digits.")
    if errors:
        raise ValidationError(errors)
    claim.payee, claim.payee_name, claim.payee_bank = payee, name, bank
    claim.payee_account_encrypted = crypto.encrypt(account)
    claim.save(update_fields=["payee", "payee_name", "payee_bank", "payee_account_encrypted"])
    return claim


@transaction.atomic
def subsidy_attachment_add(*, claim: SubsidyClaim, actor, kind: str, upload) -> SubsidyAttachment:
    """Evidence for a claim, under the upload rules of portal.uploads (type by content, size, no image metadata)."""
    claim = SubsidyClaim.objects.select_for_update().select_related("enrollment__training_class").get(pk=claim.pk)
    if not (can_edit_claim(actor, claim) or actor.is_bureau_staff):
        raise AccessDenied(_("You cannot change this claim."), hide=True)
    if not claim.is_open_for_evidence():
        raise ValidationError(_("The claim has been decided; evidence can no longer be added."))
    if kind not in SubsidyAttachment.Kind.values:
        raise ValidationError({"kind": _("Choose what the file is.")})
    if upload is None:
        raise ValidationError({"file": _("Choose a file.")})
    if claim.attachments.count() >= MAX_ATTACHMENTS:
        raise ValidationError({"file": _("A claim holds at most %(n)s files.") % {"n": MAX_ATTACHMENTS}})
    content = evidence_prepare(upload)  # raises the translated upload errors
    return SubsidyAttachment.objects.create(claim=claim, kind=kind, file=content, uploaded_by=actor)


@transaction.atomic
def subsidy_claim_approve(*, claim: SubsidyClaim, actor, amount=None, note: str = "") -> SubsidyClaim:
    """Approve the claim for this person, for the claimed amount or less (with a note saying why)."""
    claim = _lock_claim(claim, actor)
    if not claim.awaits_decision():
        raise ValidationError(_("Only submitted claims can be approved."))
    if not claim.attachments.exists():
        raise ValidationError(_("The claim has no evidence yet (attendance sheet, invoice or certificate)."))
    if not (claim.payee and claim.payee_name and claim.payee_account_encrypted):
        raise ValidationError(_("The claim has no payee account yet."))
    approved = claim.amount if amount in (None, "") else _money(amount, "amount")
    note = (note or "").strip()[:300]
    if not Decimal(0) < approved <= claim.amount:
        raise ValidationError(
            {
                "amount": _("The approved amount must be more than 0 and at most the %(claimed)s CNY claimed.")
                % {"claimed": claim.amount}
            }
        )
    if approved < claim.amount and not note:
        raise ValidationError({"note": _("Say why less than the claimed amount is approved.")})
    claim.status, claim.decided_by, claim.decided_at = SubsidyClaim.Status.APPROVED, actor, timezone.now()
    claim.approved_amount, claim.approval_note = approved, note
    claim.save(update_fields=["status", "decided_by", "decided_at", "approved_amount", "approval_note"])
    status_change_record(
        subject=claim, from_status=SubsidyClaim.Status.SUBMITTED, to_status=claim.status, actor=actor, note=note
    )
    audit_record(actor=actor, action=AuditLog.Action.APPROVE, target=claim, detail={"amount": str(approved)})
    _notify_claim(
        claim,
        "approved",
        Message(gettext_lazy("Your training subsidy claim was approved: %(amount)s CNY"), amount=approved),
    )
    return claim


@transaction.atomic
def subsidy_claim_reject(*, claim: SubsidyClaim, actor, reason: str) -> SubsidyClaim:
    claim = _lock_claim(claim, actor)
    if not claim.awaits_decision():
        raise ValidationError(_("Only submitted claims can be rejected."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Please give a reason.")})
    claim.status, claim.decided_by, claim.decided_at = SubsidyClaim.Status.REJECTED, actor, timezone.now()
    claim.rejection_reason = reason.strip()[:300]
    claim.save(update_fields=["status", "decided_by", "decided_at", "rejection_reason"])
    status_change_record(
        subject=claim,
        from_status=SubsidyClaim.Status.SUBMITTED,
        to_status=claim.status,
        actor=actor,
        note=claim.rejection_reason,
    )
    audit_record(actor=actor, action=AuditLog.Action.REJECT, target=claim, detail={"reason": claim.rejection_reason})
    _notify_claim(claim, "rejected", Message(gettext_lazy("Your training subsidy claim was rejected")))
    return claim


@transaction.atomic
def subsidy_payment_record(
    *, claim: SubsidyClaim, actor, amount, paid_on: datetime.date, voucher_number: str
) -> SubsidyPayment:
    """Staff record the payment of an approved claim from the finance voucher: the amount must be the approved
    one to the fen, the date not in the future nor before the approval; one voucher may pay several claims."""
    claim = _lock_claim(claim, actor)
    if not claim.awaits_payment():
        raise ValidationError(_("Only approved claims can be paid."))
    paid = _money(amount, "amount")
    errors = {}
    if paid != claim.approved_amount:
        errors["amount"] = _("The amount paid must be the approved %(amount)s CNY.") % {"amount": claim.approved_amount}
    if not isinstance(paid_on, datetime.date):
        errors["paid_on"] = _("Enter the payment date.")
    elif paid_on > timezone.localdate() or paid_on < timezone.localdate(claim.decided_at):
        errors["paid_on"] = _("The payment date must be between the approval and today.")
    voucher = (voucher_number or "").strip()[:40]
    if not voucher:
        errors["voucher_number"] = _("Enter the voucher number.")
    if errors:
        raise ValidationError(errors)
    payment = SubsidyPayment.objects.create(
        claim=claim, amount=paid, paid_on=paid_on, voucher_number=voucher, recorded_by=actor
    )
    claim.status, claim.paid_at = SubsidyClaim.Status.PAID, timezone.now()
    claim.save(update_fields=["status", "paid_at"])
    status_change_record(
        subject=claim,
        from_status=SubsidyClaim.Status.APPROVED,
        to_status=claim.status,
        actor=actor,
        note=f"{paid} · {voucher}",
    )
    audit_record(
        actor=actor, action=AuditLog.Action.OTHER, target=claim, detail={"paid": str(paid), "voucher": voucher}
    )
    _notify_claim(claim, "paid", Message(gettext_lazy("Your training subsidy of %(amount)s CNY was paid"), amount=paid))
    return payment
