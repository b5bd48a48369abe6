"""Approved loan terms, the stored repayment schedule and its quarterly interest-subsidy settlements.

The schedule and the settlements are computed by entrepreneurship.services.schedules and stored, so the bank, the
applicant and the bureau's auditors read the same figures; the loan's `subsidy_due` is always the sum of its
settlements (what the subsidy report totals). A settlement is approved by staff once its quarter has ended.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entrepreneurship.models import LoanApplication, RepaymentInstalment, SubsidySettlement
from entrepreneurship.models.loans import RepaymentMethod
from entrepreneurship.services.schedules import quarterly_settlements, repayment_schedule
from portal.exceptions import AccessDenied
from portal.models import AuditLog
from portal.permissions import is_bureau_staff
from portal.services.audit import audit_record

MAX_RATE = Decimal(36)


def _number(value, field, message):
    try:
        number = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({field: message})
    if not number.is_finite():
        raise ValidationError({field: message})
    return number


def loan_terms_set(application: LoanApplication, *, amount, annual_rate, term_months, start_date, method) -> None:
    """Check and set the bank's terms on the (locked) application; the caller saves it."""
    product, errors = application.product, {}
    amount = _number(amount, "amount", _("Enter an amount in yuan."))
    annual_rate = _number(annual_rate, "annual_rate", _("Enter the annual rate in percent, e.g. 3.45."))
    try:
        term_months = int(term_months)
    except (TypeError, ValueError):
        raise ValidationError({"term_months": _("Enter the term in whole months.")})
    limit = min(application.amount, product.max_amount)
    if not Decimal("0.01") <= amount <= limit or amount != amount.quantize(Decimal("0.01")):
        errors["amount"] = _("The approved amount must be between 0.01 and %(max)s yuan (to the fen).") % {"max": limit}
    if not 0 <= annual_rate <= MAX_RATE:
        errors["annual_rate"] = _("The annual rate must be between 0 and 36 percent.")
    if not 1 <= term_months <= product.max_term_months:
        errors["term_months"] = _("The term must be between 1 and %(max)s months.") % {"max": product.max_term_months}
    if not isinstance(start_date, datetime.date):
        errors["start_date"] = _("Enter the loan's start date.")
    if method not in RepaymentMethod.values:
        errors["method"] = _("Choose a repayment method.")
    if errors:
        raise ValidationError(errors)
    application.approved_amount, application.approved_rate = amount, annual_rate
    application.approved_term_months, application.repayment_start = term_months, start_date
    application.repayment_method = method


def schedule_build(application: LoanApplication, *, principal) -> None:
    """(Re)compute and store the schedule and settlements for `principal`; refuses once a settlement is approved."""
    if application.settlements.filter(status=SubsidySettlement.Status.APPROVED).exists():
        raise ValidationError(_("A subsidy settlement of this loan is already approved; its schedule is fixed."))
    schedule = repayment_schedule(
        principal=principal,
        annual_rate=application.approved_rate,
        months=application.approved_term_months,
        start=application.repayment_start,
        method=application.repayment_method,
    )
    application.instalments.all().delete()
    application.settlements.all().delete()
    RepaymentInstalment.objects.bulk_create(
        RepaymentInstalment(application=application, **row.__dict__) for row in schedule
    )
    settlements = quarterly_settlements(schedule=schedule, product=application.product)
    SubsidySettlement.objects.bulk_create(
        SubsidySettlement(application=application, **row.__dict__) for row in settlements
    )
    application.subsidy_due = sum((row.subsidy for row in settlements), Decimal("0.00"))
    application.save(update_fields=["subsidy_due"])


@transaction.atomic
def settlement_approve(*, settlement: SubsidySettlement, user) -> SubsidySettlement:
    """Staff approve one quarter's subsidy: the loan was disbursed and the quarter has ended."""
    if not is_bureau_staff(user):
        raise AccessDenied(_("Only bureau staff can do this."))
    settlement = SubsidySettlement.objects.select_for_update().select_related("application").get(pk=settlement.pk)
    if not settlement.awaits_approval():
        raise ValidationError(_("This settlement is already approved."))
    if not settlement.application.is_disbursed():
        raise ValidationError(_("Only the subsidy of a disbursed loan can be settled."))
    if settlement.period_end > timezone.localdate():
        raise ValidationError(
            _("A quarter is settled after it ends (on or after %(date)s).") % {"date": settlement.period_end}
        )
    settlement.status = SubsidySettlement.Status.APPROVED
    settlement.approved_by, settlement.approved_at = user, timezone.now()
    settlement.save(update_fields=["status", "approved_by", "approved_at"])
    audit_record(
        actor=user,
        action=AuditLog.Action.APPROVE,
        target=settlement,
        detail={"quarter": settlement.quarter, "subsidy": str(settlement.subsidy)},
    )
    return settlement


def settlement_totals(queryset) -> dict:
    """Totals of settlements (all, approved, awaiting approval), for the report and its reconciliation."""
    approved = queryset.filter(status=SubsidySettlement.Status.APPROVED)
    zero = Decimal("0.00")
    return {
        "scheduled": queryset.aggregate(s=Sum("subsidy"))["s"] or zero,
        "approved": approved.aggregate(s=Sum("subsidy"))["s"] or zero,
        "pending": queryset.filter(status=SubsidySettlement.Status.PENDING).aggregate(s=Sum("subsidy"))["s"] or zero,
    }
