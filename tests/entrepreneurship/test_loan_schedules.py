"""Loan schedules and quarterly interest-subsidy settlements, exact to the fen against hand-computed cases; the
subsidy report reconciles with the settlements; loan documents are encrypted and shown only to who may see them."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from entrepreneurship.models import LoanApplication, LoanProduct, SubsidySettlement
from entrepreneurship.services import loans, settlements
from entrepreneurship.services.loan_documents import loan_document_open, loan_document_upload
from entrepreneurship.services.schedules import quarterly_settlements, repayment_schedule
from portal.exceptions import AccessDenied
from portal.models import AuditLog
from tests import factories as base
from tests.entrepreneurship import factories as f
from tests.portal.helpers import MINIMAL_PDF

D = Decimal
START = datetime.date(2026, 1, 15)


def test_equal_instalments_hand_computed():
    # 10,000 yuan at 6% for 12 months: r = 0.5% a month, payment = 10000·0.005·1.005^12 / (1.005^12 − 1) = 860.66.
    rows = repayment_schedule(principal=10000, annual_rate=6, months=12, start=START, method="equal_instalments")
    first, second, last = rows[0], rows[1], rows[-1]
    assert (first.interest, first.principal, first.payment, first.balance) == (
        D("50.00"),  # 10000 × 0.005
        D("810.66"),
        D("860.66"),
        D("9189.34"),
    )
    assert (second.interest, second.principal) == (D("45.95"), D("814.71"))  # 9189.34 × 0.005 = 45.9467
    # The last instalment repays the remaining 856.42 with 856.42 × 0.005 = 4.2821 → 4.28 of interest.
    assert (last.principal, last.interest, last.payment, last.balance) == (D("856.42"), D("4.28"), D("860.70"), D(0))
    assert last.due_date == datetime.date(2027, 1, 15)
    assert sum(r.principal for r in rows) == D("10000.00")
    assert sum(r.interest for r in rows) == D("327.96")


def test_interest_only_hand_computed():
    # 100,000 yuan at 4.35% for 12 months: 100000 × 4.35% / 12 = 362.50 a month, principal with the last instalment.
    rows = repayment_schedule(principal=100000, annual_rate="4.35", months=12, start=START, method="interest_only")
    assert {r.interest for r in rows} == {D("362.50")}
    assert [r.principal for r in rows[:-1]] == [D("0.00")] * 11
    assert (rows[-1].principal, rows[-1].payment, rows[-1].balance) == (D("100000.00"), D("100362.50"), D(0))
    assert sum(r.interest for r in rows) == D("4350.00")


def _product(**kwargs):
    return f.loan_product(**kwargs)


def _terms(**kwargs):
    """An unsaved product: only its subsidy rule matters to the settlement arithmetic."""
    return LoanProduct(annual_rate=D("4.35"), max_amount=D(300000), max_term_months=36, **kwargs)


def test_quarterly_settlement_full_subsidy_stops_at_the_cap():
    rows = repayment_schedule(principal=100000, annual_rate="4.35", months=12, start=START, method="interest_only")
    product = _terms(subsidy_rule=LoanProduct.SubsidyRule.FULL_CAPPED, subsidy_cap=D("3000"))
    got = [(s.quarter, s.interest, s.subsidy) for s in quarterly_settlements(schedule=rows, product=product)]
    # Q1: Feb + Mar (2 × 362.50); Q2, Q3: 3 each = 1087.50; Q4 would be 1087.50 but only 3000 − 2900 = 100 is left.
    assert got == [
        ("2026-Q1", D("725.00"), D("725.00")),
        ("2026-Q2", D("1087.50"), D("1087.50")),
        ("2026-Q3", D("1087.50"), D("1087.50")),
        ("2026-Q4", D("1087.50"), D("100.00")),
    ]


def test_quarterly_settlement_percentage_for_the_first_year_of_equal_instalments():
    rows = repayment_schedule(principal=10000, annual_rate=6, months=24, start=START, method="equal_instalments")
    product = _terms(subsidy_rule=LoanProduct.SubsidyRule.PERCENT_YEARS, subsidy_percent=50, subsidy_years=1)
    got = quarterly_settlements(schedule=rows, product=product)
    # 24 months: payment = 10000·0.005·1.005^24 / (1.005^24 − 1) = 443.206 → 443.21. Month 1: interest 50.00,
    # principal 393.21, balance 9606.79; month 2: 9606.79 × 0.005 = 48.03395 → 48.03.
    assert (rows[0].payment, rows[0].interest, rows[0].balance) == (D("443.21"), D("50.00"), D("9606.79"))
    assert rows[1].interest == D("48.03")
    # 2026-Q1 holds Feb and Mar: 50% of 98.03 = 49.015 → 49.02 (half up).
    assert (got[0].quarter, got[0].interest, got[0].subsidy) == ("2026-Q1", D("98.03"), D("49.02"))
    # Instalments 1–12 (Feb 2026 – Jan 2027) are subsidized; 2027-Q1 counts only January's interest.
    last = got[-1]
    assert last.quarter == "2027-Q1"
    assert last.interest == sum(r.interest for r in rows[11:14])  # Jan–Mar 2027 due in that quarter
    assert last.subsidy == (rows[11].interest / 2).quantize(D("0.01"), ROUND_HALF_UP)
    assert len(got) == 5
    quarters = ((0, 2), (2, 5), (5, 8), (8, 11))
    assert [s.subsidy for s in got[:4]] == [
        (sum(r.interest for r in rows[i:j]) / 2).quantize(D("0.01"), ROUND_HALF_UP) for i, j in quarters
    ]


@pytest.mark.django_db
def test_approval_stores_schedule_and_settlements_and_the_report_reconciles(client):
    banker = base.OrgMemberFactory(org_type="bank")
    product = _product(bank=banker.organization, subsidy_cap=D("3000"))
    veteran = base.VeteranFactory()
    app = LoanApplication.objects.create(
        product=product, applicant=veteran, enterprise=f.enterprise(founder=veteran), amount=100000, term_months=12
    )
    with pytest.raises(ValidationError) as exc:
        loans.loan_review(application=app, user=banker, decision="approve", amount="500000", annual_rate="-1")
    assert {"amount", "annual_rate"} <= set(exc.value.message_dict)
    app.refresh_from_db()
    assert app.status == LoanApplication.Status.SUBMITTED and not app.instalments.exists()  # nothing half-saved
    loans.loan_review(
        application=app,
        user=banker,
        decision="approve",
        amount="100000",
        annual_rate="4.35",
        term_months=12,
        start_date=START,
        method="interest_only",
    )
    app.refresh_from_db()
    assert app.instalments.count() == 12
    assert app.subsidy_due == D("3000.00") == sum(s.subsidy for s in app.settlements.all())
    loans.loan_disburse(application=app, user=banker)
    staff = base.StaffFactory()
    client.force_login(staff)
    page = client.get(reverse("entrepreneurship:subsidy_report"))
    assert page.context["totals"]["subsidy"] == page.context["settled"]["scheduled"] == D("3000.00")
    assert page.context["reconciled"] is True
    # Staff approve settlements one by one once their quarter has ended.
    first = app.settlements.order_by("period_start").first()
    settlements.settlement_approve(settlement=first, user=staff)
    first.refresh_from_db()
    assert first.status == SubsidySettlement.Status.APPROVED
    with pytest.raises(ValidationError):
        settlements.settlement_approve(settlement=first, user=staff)
    future = app.settlements.order_by("period_start").last()
    SubsidySettlement.objects.filter(pk=future.pk).update(period_end=timezone.localdate() + datetime.timedelta(days=3))
    with pytest.raises(ValidationError):
        settlements.settlement_approve(settlement=future, user=staff)
    with pytest.raises(AccessDenied):
        settlements.settlement_approve(settlement=future, user=banker)
    page = client.get(reverse("entrepreneurship:subsidy_report"))
    assert page.context["settled"]["approved"] == D("725.00")


@pytest.mark.django_db
def test_partial_disbursement_recomputes_the_schedule():
    banker = base.OrgMemberFactory(org_type="bank")
    product = _product(bank=banker.organization, subsidy_cap=D("100000"))
    veteran = base.VeteranFactory()
    app = LoanApplication.objects.create(
        product=product, applicant=veteran, enterprise=f.enterprise(founder=veteran), amount=100000, term_months=12
    )
    loans.loan_review(application=app, user=banker, decision="approve", annual_rate="4.35", start_date=START)
    loans.loan_disburse(application=app, user=banker, amount="50000")
    app.refresh_from_db()
    assert app.instalments.first().interest == D("181.25")  # 50000 × 4.35% / 12
    assert app.subsidy_due == D("2175.00") == sum(s.subsidy for s in app.settlements.all())


@pytest.mark.django_db
def test_documents_are_stored_encrypted_and_opened_only_by_applicant_bank_and_permitted_staff(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    banker = base.OrgMemberFactory(org_type="bank")
    veteran = base.VeteranFactory()
    app = LoanApplication.objects.create(
        product=_product(bank=banker.organization),
        applicant=veteran,
        enterprise=f.enterprise(founder=veteran),
        amount=1000,
        term_months=12,
    )
    upload = SimpleUploadedFile("执照.pdf", MINIMAL_PDF, content_type="application/pdf")
    document = loan_document_upload(application=app, user=veteran, kind="licence", upload=upload)
    with document.file.open("rb") as stored:
        assert MINIMAL_PDF not in stored.read()  # encrypted at rest
    with pytest.raises(ValidationError), translation.override("en"):
        loan_document_upload(
            application=app, user=veteran, kind="plan", upload=SimpleUploadedFile("x.exe", b"MZ\x90\x00" * 50)
        )
    with pytest.raises(AccessDenied):
        loan_document_upload(application=app, user=base.VeteranFactory(), kind="plan", upload=upload)
    assert loan_document_open(document=document, user=veteran).read() == MINIMAL_PDF
    assert loan_document_open(document=document, user=banker).read() == MINIMAL_PDF
    staff = base.StaffFactory()
    for outsider in (base.OrgMemberFactory(org_type="bank"), staff, base.VeteranFactory()):
        with pytest.raises(AccessDenied):
            loan_document_open(document=document, user=outsider)
    staff.user_permissions.add(Permission.objects.get(codename="read_loan_document"))
    staff = type(staff).objects.get(pk=staff.pk)
    assert loan_document_open(document=document, user=staff).read() == MINIMAL_PDF
    assert AuditLog.objects.filter(actor=staff, detail__event="loan_document_open").exists()
