"""Startup loans: banks publish products, veterans apply, the bank reviews and disburses; subsidy on disbursement."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entrepreneurship.models import LoanApplication, LoanProduct
from entrepreneurship.models.loans import RepaymentMethod
from entrepreneurship.permissions import can_review_loans_of
from entrepreneurship.services.settlements import loan_terms_set, schedule_build
from portal.exceptions import AccessDenied
from portal.messages import Message, choice_label
from portal.models import AuditLog
from portal.permissions import is_veteran
from portal.services.audit import audit_record
from portal.services.notifications import notify
from portal.services.status_history import status_change_record

Status = LoanApplication.Status


def _decimal(value, field):
    try:
        return Decimal(str(value))
    except (InvalidOperation, TypeError):
        raise ValidationError({field: _("Enter an amount in yuan.")})


@transaction.atomic
def loan_product_save(*, user, bank, data: dict, product: LoanProduct | None = None) -> LoanProduct:
    if not can_review_loans_of(user, bank):
        raise AccessDenied(_("You are not a member of this bank."))
    product = product or LoanProduct(bank=bank)
    for key, value in data.items():
        setattr(product, key, value)
    product.full_clean()
    product.save()
    return product


@transaction.atomic
def loan_apply(*, user, product: LoanProduct, enterprise, amount, term_months: int, purpose: str):
    if not is_veteran(user):
        raise ValidationError(_("Only veterans with a registered profile can apply for a startup loan."))
    if enterprise.founder_id != user.pk:
        raise AccessDenied(_("This enterprise is not yours."), hide=True)
    if not product.is_active or not product.bank.is_verified():
        raise ValidationError(_("This loan product is not available."))
    amount = _decimal(amount, "amount")
    errors = {}
    if amount <= 0 or amount > product.max_amount:
        errors["amount"] = _("The amount must be between 1 and %(max)s yuan.") % {"max": product.max_amount}
    if not 1 <= int(term_months) <= product.max_term_months:
        errors["term_months"] = _("The term must be between 1 and %(max)s months.") % {"max": product.max_term_months}
    if not purpose.strip():
        errors["purpose"] = _("Say what the loan is for.")
    if errors:
        raise ValidationError(errors)
    application = LoanApplication.objects.create(
        product=product,
        applicant=user,
        enterprise=enterprise,
        amount=amount,
        term_months=term_months,
        purpose=purpose,
    )
    status_change_record(subject=application, from_status="", to_status=application.status, actor=user)
    for membership in product.bank.memberships.select_related("user"):
        notify(
            recipient=membership.user,
            event_key=f"loan-submitted:{application.pk}",
            kind="entrepreneurship",
            title=Message(_("New startup loan application: %(project)s"), project=enterprise.name),
            url=f"/entrepreneurship/loans/bank/{application.pk}/",
        )
    return application


def _lock(application: LoanApplication, user) -> LoanApplication:
    application = LoanApplication.objects.select_for_update().select_related("product__bank").get(pk=application.pk)
    if not can_review_loans_of(user, application.product.bank):
        raise AccessDenied(_("This application was made to another bank."), hide=True)
    return application


def _tell_applicant(application, title):
    notify(
        recipient=application.applicant,
        event_key=f"loan-{application.status}:{application.pk}",
        kind="entrepreneurship",
        title=title,
        body=application.bank_note,
        url=f"/entrepreneurship/loans/mine/{application.pk}/",
    )


@transaction.atomic
def loan_review(
    *,
    application: LoanApplication,
    user,
    decision: str,
    note: str = "",
    amount=None,
    annual_rate=None,
    term_months=None,
    start_date: datetime.date | None = None,
    method: str = "",
) -> LoanApplication:
    """decision: approve / reject / documents (ask the applicant for more documents).

    On approval the bank gives the terms (amount, rate, term, start, repayment method; each defaults to what was
    applied for / the product's rate / today / interest only); the portal computes the repayment schedule and the
    quarterly subsidy settlements from them (entrepreneurship.services.schedules)."""
    application = _lock(application, user)
    if not application.can_review():
        raise ValidationError(_("This application has already been decided."))
    targets = {"approve": Status.APPROVED, "reject": Status.REJECTED, "documents": Status.DOCUMENTS_REQUESTED}
    if decision not in targets:
        raise ValidationError({"decision": _("Choose approve, reject or request documents.")})
    if decision in ("reject", "documents") and not note.strip():
        raise ValidationError({"note": _("Tell the applicant why, or which documents are needed.")})
    if decision == "approve":
        loan_terms_set(
            application,
            amount=application.amount if amount in (None, "") else amount,
            annual_rate=application.product.annual_rate if annual_rate in (None, "") else annual_rate,
            term_months=term_months or application.term_months,
            start_date=start_date or timezone.localdate(),
            method=method or RepaymentMethod.INTEREST_ONLY,
        )
    from_status = application.status
    application.status = targets[decision]
    application.bank_note = note
    application.reviewed_by, application.reviewed_at = user, timezone.now()
    application.save()
    status_change_record(
        subject=application, from_status=from_status, to_status=application.status, actor=user, note=note
    )
    if decision == "approve":
        schedule_build(application, principal=application.approved_amount)
    audit_record(
        actor=user,
        action=AuditLog.Action.REJECT if decision == "reject" else AuditLog.Action.APPROVE,
        target=application,
        detail={"decision": decision},
    )
    _tell_applicant(
        application, Message(_("Your loan application: %(status)s"), status=choice_label(application, "status"))
    )
    return application


@transaction.atomic
def loan_supply_documents(*, application: LoanApplication, user, note: str) -> LoanApplication:
    application = LoanApplication.objects.select_for_update().get(pk=application.pk)
    if application.applicant_id != user.pk:
        raise AccessDenied(_("This application is not yours."), hide=True)
    if not application.awaits_documents():
        raise ValidationError(_("The bank has not asked for documents."))
    if not note.strip() and not application.documents.exists():
        raise ValidationError({"note": _("Upload the documents the bank asked for, or describe them.")})
    application.documents_note = note
    application.status = Status.SUBMITTED
    application.save(update_fields=["documents_note", "status"])
    status_change_record(
        subject=application, from_status=Status.DOCUMENTS_REQUESTED, to_status=Status.SUBMITTED, actor=user, note=note
    )
    return application


@transaction.atomic
def loan_disburse(
    *, application: LoanApplication, user, amount=None, disbursed_on: datetime.date | None = None
) -> LoanApplication:
    application = _lock(application, user)
    if not application.awaits_disbursement():
        raise ValidationError(_("Only an approved application can be disbursed."))
    default = application.approved_amount or application.amount
    amount = default if amount in (None, "") else _decimal(amount, "amount")
    if not 0 < amount <= (application.approved_amount or application.amount):
        raise ValidationError({"amount": _("The disbursed amount must be positive and at most the approved amount.")})
    application.status = Status.DISBURSED
    application.disbursed_amount = amount
    application.disbursed_on = disbursed_on or timezone.localdate()
    application.save()
    status_change_record(subject=application, from_status=Status.APPROVED, to_status=Status.DISBURSED, actor=user)
    if amount != application.approved_amount:  # a partial disbursement: schedule and subsidy follow what was lent
        schedule_build(application, principal=amount)
    _tell_applicant(application, Message(_("Your startup loan has been disbursed")))
    return application
