"""Entrepreneurship templates ask the model (loan.can_review, settlement.awaits_approval, mentor.can_be_approved …)
and the services refuse by the same questions: for every status, the predicate and the refusal agree. The
residency, competition and booking predicates are tested beside their progress (test_*_progress.py)."""

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from entrepreneurship.models import LoanApplication, MentorProfile, SubsidySettlement
from entrepreneurship.services import loans, mentors, settlements
from portal.exceptions import AccessDenied
from tests import factories
from tests.entrepreneurship import factories as ef

pytestmark = pytest.mark.django_db
TEMPLATES = Path(__file__).resolve().parents[2] / "entrepreneurship" / "templates"


def _refused(call) -> bool:
    try:
        call()
    except (ValidationError, AccessDenied):
        return True
    return False


@pytest.fixture
def loan():
    product = ef.loan_product()
    veteran = factories.VeteranFactory()
    application = loans.loan_apply(
        user=veteran,
        product=product,
        enterprise=ef.enterprise(founder=veteran),
        amount="10000",
        term_months=12,
        purpose="设备",
    )
    application.banker = factories.OrgMemberFactory(organization=product.bank)
    return application


@pytest.mark.parametrize("status", LoanApplication.Status.values)
def test_loan_predicates_agree_with_the_services(loan, status):
    today = timezone.localdate()
    settlement = SubsidySettlement.objects.create(
        application=loan,
        quarter="2026-Q1",
        period_start=today - datetime.timedelta(days=90),
        period_end=today - datetime.timedelta(days=1),
        interest=Decimal("80.00"),
        subsidy=Decimal("80.00"),
    )
    staff = factories.StaffFactory()
    calls = {
        "can_review": lambda: loans.loan_review(application=loan, user=loan.banker, decision="reject", note="资料不全"),
        "awaits_documents": lambda: loans.loan_supply_documents(application=loan, user=loan.applicant, note="执照"),
        "awaits_disbursement": lambda: loans.loan_disburse(application=loan, user=loan.banker, amount="10000"),
        "is_disbursed": lambda: settlements.settlement_approve(settlement=settlement, user=staff),
    }
    for predicate, call in calls.items():
        LoanApplication.objects.filter(pk=loan.pk).update(status=status, approved_amount=Decimal("10000"))
        SubsidySettlement.objects.filter(pk=settlement.pk).update(status=SubsidySettlement.Status.PENDING)
        loan.refresh_from_db()
        assert _refused(call) is not getattr(loan, predicate)(), (predicate, status)


@pytest.mark.parametrize("status", SubsidySettlement.Status.values)
def test_settlement_predicate_agrees_with_the_service(loan, status):
    LoanApplication.objects.filter(pk=loan.pk).update(status=LoanApplication.Status.DISBURSED)
    today = timezone.localdate()
    settlement = SubsidySettlement.objects.create(
        application=loan,
        quarter="2026-Q1",
        period_start=today - datetime.timedelta(days=90),
        period_end=today - datetime.timedelta(days=1),
        interest=Decimal("80.00"),
        subsidy=Decimal("80.00"),
        status=status,
    )
    refused = _refused(lambda: settlements.settlement_approve(settlement=settlement, user=factories.StaffFactory()))
    assert refused is not settlement.awaits_approval()
    assert settlement.is_due(today) is settlement.awaits_approval()


@pytest.mark.parametrize("status", MentorProfile.Status.values)
def test_mentor_review_predicates_agree_with_the_service(status):
    staff = factories.StaffFactory()
    profile = ef.mentor()
    for predicate, approve in (("can_be_approved", True), ("can_be_rejected", False)):
        MentorProfile.objects.filter(pk=profile.pk).update(status=status)
        profile.refresh_from_db()
        call = lambda: mentors.mentor_review(profile=profile, staff_user=staff, approve=approve, reason="资质不符")  # noqa: E731
        assert _refused(call) is not getattr(profile, predicate)(), (predicate, status)


STATUS_LITERAL = re.compile(r"""\.status\s*(?:==|!=)\s*["']|\.status\s+(?:not\s+)?in\s""")


def test_no_entrepreneurship_template_compares_a_status_literal():
    found = [
        f"{path.relative_to(TEMPLATES)}: {line.strip()[:80]}"
        for path in TEMPLATES.rglob("*.html")
        for line in path.read_text(encoding="utf-8").splitlines()
        if STATUS_LITERAL.search(line)
    ]
    assert not found, "ask the model instead:\n" + "\n".join(found)
