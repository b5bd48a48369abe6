"""Issue 22: subsidy claims with evidence (the upload rules of portal.uploads), a payee, approval with the amount for
the person, and the payment record; totals right to the fen."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from portal.exceptions import AccessDenied
from tests.factories import StaffFactory, VeteranFactory
from tests.training.factories import CourseFactory, TrainingClassFactory, claim_with_evidence, pdf_upload
from training import exports, selectors, services
from training.models import Enrollment, SubsidyAttachment, SubsidyClaim, SubsidyPayment

pytestmark = pytest.mark.django_db


def _claim(amount, institution=None, veteran=None):
    course = CourseFactory(subsidy_amount=Decimal(amount), **({"institution": institution} if institution else {}))
    enrollment = Enrollment.objects.create(
        training_class=TrainingClassFactory(course=course),
        veteran=veteran or VeteranFactory(),
        status=Enrollment.Status.COMPLETED,
        sequence=1,
        completed_at=timezone.now(),
    )
    return services.subsidy_claim_file(enrollment=enrollment, actor=enrollment.veteran)


def _pay(claim, staff, voucher="记-2026-0001"):
    return services.subsidy_payment_record(
        claim=claim, actor=staff, amount=claim.approved_amount, paid_on=timezone.localdate(), voucher_number=voucher
    )


def test_approval_needs_evidence_and_payee_and_takes_the_amount_for_the_person():
    staff = StaffFactory()
    claim = _claim("1500.00")
    with pytest.raises(ValidationError, match="evidence"):
        services.subsidy_claim_approve(claim=claim, actor=staff)
    services.subsidy_attachment_add(claim=claim, actor=claim.enrollment.veteran, kind="invoice", upload=pdf_upload())
    with pytest.raises(ValidationError, match="payee"):
        services.subsidy_claim_approve(claim=claim, actor=staff)
    claim_with_evidence(claim)
    with pytest.raises(ValidationError) as exc:
        services.subsidy_claim_approve(claim=claim, actor=staff, amount="1500.01")
    assert "amount" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.subsidy_claim_approve(claim=claim, actor=staff, amount="1200.005")
    assert "amount" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.subsidy_claim_approve(claim=claim, actor=staff, amount="1200")
    assert "note" in exc.value.message_dict
    claim = services.subsidy_claim_approve(claim=claim, actor=staff, amount="1200.50", note="缺勤两天按比例核减")
    assert claim.approved_amount == Decimal("1200.50") and claim.status == SubsidyClaim.Status.APPROVED


def test_payment_record_checks_amount_date_and_voucher():
    staff = StaffFactory()
    claim = claim_with_evidence(_claim("800.00"))
    services.subsidy_claim_approve(claim=claim, actor=staff)
    today = timezone.localdate()
    for bad, field in (
        ({"amount": "799.99", "paid_on": today, "voucher_number": "V1"}, "amount"),
        ({"amount": "800", "paid_on": today.replace(year=today.year + 1), "voucher_number": "V1"}, "paid_on"),
        ({"amount": "800", "paid_on": today, "voucher_number": " "}, "voucher_number"),
    ):
        with pytest.raises(ValidationError) as exc:
            services.subsidy_payment_record(claim=claim, actor=staff, **bad)
        assert field in exc.value.message_dict
    assert not SubsidyPayment.objects.exists()
    payment = services.subsidy_payment_record(
        claim=claim, actor=staff, amount="800.00", paid_on=today, voucher_number="记-2026-0101"
    )
    claim.refresh_from_db()
    assert claim.status == SubsidyClaim.Status.PAID and payment.amount == Decimal("800.00")
    with pytest.raises(AccessDenied):
        services.subsidy_payment_record(claim=claim, actor=claim.enrollment.veteran, **bad)


def test_payment_totals_by_institution_are_right_to_the_fen():
    staff = StaffFactory()
    first = _claim("1234.56")
    same_institution = _claim("0.01", institution=first.enrollment.training_class.course.institution)
    other = _claim("999.99")
    for claim in (first, same_institution, other):
        claim_with_evidence(claim)
        services.subsidy_claim_approve(claim=claim, actor=staff)
        claim.refresh_from_db()
        _pay(claim, staff)
    name_a = first.enrollment.training_class.course.institution.name
    name_b = other.enrollment.training_class.course.institution.name
    totals = selectors.payment_totals()
    assert totals == {name_a: Decimal("1234.57"), name_b: Decimal("999.99")}
    section = selectors.dashboard_figures()
    paid = next(f.value for f in section.figures if str(f.label) == "Subsidy amount paid (CNY)")
    assert paid == Decimal("2234.56")
    chart = next(c for c in section.charts if c.id == "training-subsidy-institutions")
    assert dict(zip(chart.labels, [Decimal(str(v)) for v in chart.data], strict=True)) == totals  # drawn as numbers
    rows = list(exports.payment_totals_queryset({}))
    assert [(r["claim__enrollment__training_class__course__institution__name"], r["total"]) for r in rows] == sorted(
        totals.items()
    )


def test_evidence_follows_the_upload_rules_and_the_page_says_so(client):
    claim = _claim("600.00")
    client.force_login(claim.enrollment.veteran)
    url = reverse("training:claim_attachment_add", args=[claim.pk])
    fake = SimpleUploadedFile("invoice.pdf", b"this is not a pdf at all", content_type="application/pdf")
    response = client.post(url, {"kind": "invoice", "file": fake})
    assert response.status_code == 400 and response.context["attachment_form"].errors
    assert not SubsidyAttachment.objects.exists()
    assert client.post(url, {"kind": "invoice", "file": pdf_upload()}).status_code == 302
    attachment = SubsidyAttachment.objects.get()
    download = client.get(reverse("training:claim_attachment_file", args=[attachment.pk]))
    assert download.status_code == 200 and download["Cache-Control"] == "private, no-store"
    client.force_login(VeteranFactory())
    assert client.get(reverse("training:claim_attachment_file", args=[attachment.pk])).status_code == 404
    assert client.get(reverse("training:claim_detail", args=[claim.pk])).status_code == 404


def test_payee_account_is_stored_encrypted_and_shown_masked(client):
    claim = claim_with_evidence(_claim("600.00"))
    claim.refresh_from_db()
    assert "1234" not in claim.payee_account_encrypted and claim.payee_account() == "6217850000001234"
    client.force_login(claim.enrollment.veteran)
    page = client.get(reverse("training:claim_detail", args=[claim.pk])).content.decode()
    assert "****1234" in page and "6217850000001234" not in page
    bad = client.post(
        reverse("training:claim_payee", args=[claim.pk]),
        {"payee": "trainee", "name": "李卫国", "bank": "中国银行", "account": "12ab"},
    )
    assert bad.status_code == 400 and "account" in bad.context["payee_form"].errors
    claim.refresh_from_db()
    assert claim.payee_account() == "6217850000001234"  # nothing lost


def test_staff_approve_and_pay_on_the_claim_page(client):
    claim = claim_with_evidence(_claim("1500.00"))
    client.force_login(StaffFactory())
    url = reverse("training:claim_decide", args=[claim.pk, "approve"])
    assert client.post(url, {"amount": "1600", "note": ""}).status_code == 400
    assert client.post(url, {"amount": "1500.00"}).status_code == 302
    pay = reverse("training:claim_decide", args=[claim.pk, "pay"])
    assert client.post(pay, {"amount": "1500.00", "paid_on": "", "voucher_number": "V9"}).status_code == 400
    ok = client.post(pay, {"amount": "1500.00", "paid_on": str(timezone.localdate()), "voucher_number": "V9"})
    assert ok.status_code == 302
    assert SubsidyPayment.objects.get(claim=claim).voucher_number == "V9"


def test_api_approve_with_amount_and_record_payment(client):
    from tests.factories import api_key

    claim = claim_with_evidence(_claim("1500.00"))
    staff_key = api_key(StaffFactory(), second_factor=True)
    auth = {"HTTP_AUTHORIZATION": f"Token {staff_key}"}
    base = f"/api/v1/subsidy-claims/{claim.pk}/"
    assert (
        client.post(base + "approve/", {"amount": "2000"}, content_type="application/json", **auth).status_code == 400
    )
    ok = client.post(base + "approve/", {"amount": "1499.99", "note": "核减"}, content_type="application/json", **auth)
    assert ok.status_code == 200 and ok.json()["approved_amount"] == "1499.99"
    paid = client.post(
        base + "record-payment/",
        {"amount": "1499.99", "paid_on": str(timezone.localdate()), "voucher_number": "记-9"},
        content_type="application/json",
        **auth,
    )
    assert paid.status_code == 200 and paid.json()["payment"]["voucher_number"] == "记-9"
