"""Check-in codes, completion, certificates (PDF text, public verification), subsidies, evaluations."""

import io
import time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from portal.exceptions import AccessDenied
from portal.models import AuditLog, Notification
from tests.factories import StaffFactory, VeteranFactory
from tests.training.factories import SessionFactory, claim_with_evidence
from training import services
from training.models import Attendance, Enrollment, SubsidyClaim
from training.services import checkin

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrolled(training_class):
    veteran = VeteranFactory(profile__real_name="李卫国")
    enrollment = services.enrollment_create(training_class=training_class, veteran=veteran)
    return enrollment


def test_current_code_and_token_check_in(enrolled):
    session = SessionFactory(training_class=enrolled.training_class)
    step = checkin.time_step()
    att = services.attendance_check_in(
        session=session, veteran=enrolled.veteran, code=checkin.short_code(session.pk, step)
    )
    assert att.method == Attendance.Method.CODE
    session2 = SessionFactory(training_class=enrolled.training_class)
    att2 = services.attendance_check_in(
        session=session2, veteran=enrolled.veteran, token=checkin.checkin_token(session2.pk, step)
    )
    assert att2.method == Attendance.Method.QR


def test_previous_step_accepted_older_refused(enrolled):
    session = SessionFactory(training_class=enrolled.training_class)
    now = time.time()
    step = checkin.time_step(now)
    assert checkin.code_is_valid(session.pk, checkin.short_code(session.pk, step - 1), now)
    assert not checkin.code_is_valid(session.pk, checkin.short_code(session.pk, step - 2), now)
    assert not checkin.token_is_valid(session.pk, checkin.checkin_token(session.pk, step - 2), now)
    with pytest.raises(ValidationError, match="not valid"):
        services.attendance_check_in(
            session=session, veteran=enrolled.veteran, token=checkin.checkin_token(session.pk, step - 5)
        )


def test_forged_and_other_session_codes_refused(enrolled):
    session = SessionFactory(training_class=enrolled.training_class)
    other = SessionFactory(training_class=enrolled.training_class)
    step = checkin.time_step()
    forged = checkin.checkin_token(session.pk, step)[:-3] + "abc"
    for kwargs in (
        {"token": forged},
        {"token": checkin.checkin_token(other.pk, step)},
        {
            "code": checkin.short_code(other.pk, step)
            if checkin.short_code(other.pk, step) != checkin.short_code(session.pk, step)
            else "xxxxxx"
        },
        {"code": "12345"},
    ):
        with pytest.raises(ValidationError):
            services.attendance_check_in(session=session, veteran=enrolled.veteran, **kwargs)
    assert not Attendance.objects.exists()


def test_not_enrolled_veteran_cannot_check_in(enrolled):
    session = SessionFactory(training_class=enrolled.training_class)
    with pytest.raises(AccessDenied, match="not enrolled"):
        services.attendance_check_in(
            session=session, veteran=VeteranFactory(), code=checkin.short_code(session.pk, checkin.time_step())
        )


def test_check_in_page_says_whether_recorded(client, enrolled):
    session = SessionFactory(training_class=enrolled.training_class)
    client.force_login(enrolled.veteran)
    url = reverse("training:check_in", args=[session.pk])
    bad = client.post(
        url, {"code": "000000" if checkin.short_code(session.pk, checkin.time_step()) != "000000" else "111111"}
    )
    assert (bad.status_code == 400 and "NOT recorded" in bad.content.decode()) or "未记录" in bad.content.decode()
    good = client.post(url, {"code": checkin.short_code(session.pk, checkin.time_step())})
    assert good.status_code == 200
    assert Attendance.objects.filter(session=session, enrollment=enrolled).exists()


def _complete(enrollment, actor):
    session = SessionFactory(training_class=enrollment.training_class)
    services.attendance_mark(session=session, enrollment=enrollment, actor=actor, present=True)
    return services.enrollment_complete(enrollment=enrollment, actor=actor, exam_score=85)


def test_low_attendance_does_not_complete(institution_member, enrolled):
    SessionFactory(training_class=enrolled.training_class)
    done = services.enrollment_complete(enrollment=enrolled, actor=institution_member, exam_score=90)
    assert done.status == Enrollment.Status.NOT_COMPLETED
    assert not hasattr(done, "certificate") or done.certificate is None


def test_certificate_pdf_has_name_and_number_as_text(client, institution_member, enrolled):
    done = _complete(enrolled, institution_member)
    cert = done.certificate
    client.force_login(enrolled.veteran)
    response = client.get(reverse("training:certificate_pdf", args=[cert.number]))
    assert response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "李卫国" in text
    assert cert.number in text


def test_other_veteran_cannot_download_certificate(client, institution_member, enrolled):
    cert = _complete(enrolled, institution_member).certificate
    client.force_login(VeteranFactory())
    assert client.get(reverse("training:certificate_pdf", args=[cert.number])).status_code == 404


def test_verification_page_valid_and_revoked_masked(client, institution_member, enrolled):
    cert = _complete(enrolled, institution_member).certificate
    url = reverse("training:certificate_verify", args=[cert.verify_code])
    page = client.get(url).content.decode()
    assert cert.number in page and "李**" in page and "李卫国" not in page
    assert enrolled.veteran.veteran_profile.masked_id_number not in page
    assert enrolled.veteran.veteran_profile.get_id_number() not in page
    services.certificate_revoke(certificate=cert, actor=StaffFactory(), reason="材料造假")
    page = client.get(url).content.decode()
    assert "revoked" in page or "已被撤销" in page
    assert client.get(reverse("training:certificate_verify", args=["nope"])).status_code == 404
    api = client.get(f"/api/v1/certificates/verify/{cert.verify_code}/").json()
    assert api["valid"] is False and api["holder"] == "李**"


def test_subsidy_claim_flow_notifies_and_audits(institution_member, enrolled):
    done = _complete(enrolled, institution_member)
    claim = services.subsidy_claim_file(enrollment=done, actor=done.veteran)
    assert claim.amount == done.training_class.course.subsidy_amount
    with pytest.raises(ValidationError, match="already"):
        services.subsidy_claim_file(enrollment=done, actor=done.veteran)
    staff = StaffFactory()
    with pytest.raises(AccessDenied):
        services.subsidy_claim_approve(claim=claim, actor=institution_member)
    pay = {"amount": claim.amount, "paid_on": timezone.localdate(), "voucher_number": "记-2026-0012"}
    with pytest.raises(ValidationError):
        services.subsidy_payment_record(claim=claim, actor=staff, **pay)
    with pytest.raises(ValidationError, match="evidence"):
        services.subsidy_claim_approve(claim=claim, actor=staff)
    claim_with_evidence(claim)
    services.subsidy_claim_approve(claim=claim, actor=staff)
    services.subsidy_payment_record(claim=claim, actor=staff, **pay)
    claim.refresh_from_db()
    assert claim.status == SubsidyClaim.Status.PAID
    keys = set(Notification.objects.filter(recipient=done.veteran).values_list("event_key", flat=True))
    assert {f"training.claim.{claim.pk}.{e}" for e in ("filed", "approved", "paid")} <= keys
    assert AuditLog.objects.filter(target_id=str(claim.pk), action=AuditLog.Action.APPROVE).exists()


def test_subsidy_rejection_needs_reason(institution_member, enrolled):
    done = _complete(enrolled, institution_member)
    claim = services.subsidy_claim_file(enrollment=done, actor=institution_member)  # on the veteran's behalf
    with pytest.raises(ValidationError):
        services.subsidy_claim_reject(claim=claim, actor=StaffFactory(), reason=" ")
    services.subsidy_claim_reject(claim=claim, actor=StaffFactory(), reason="材料不全")
    claim.refresh_from_db()
    assert claim.status == SubsidyClaim.Status.REJECTED and claim.rejection_reason == "材料不全"


def test_subsidy_claim_refused_before_completion(enrolled):
    with pytest.raises(ValidationError, match="after completing"):
        services.subsidy_claim_file(enrollment=enrolled, actor=enrolled.veteran)


def test_evaluation_once_and_only_after_completion(institution_member, enrolled):
    with pytest.raises(ValidationError, match="after completing"):
        services.evaluation_submit(enrollment=enrolled, veteran=enrolled.veteran, rating=5)
    done = _complete(enrolled, institution_member)
    with pytest.raises(ValidationError):
        services.evaluation_submit(enrollment=done, veteran=done.veteran, rating=6)
    services.evaluation_submit(enrollment=done, veteran=done.veteran, rating=4, comment="很实用")
    with pytest.raises(ValidationError, match="already"):
        services.evaluation_submit(enrollment=done, veteran=done.veteran, rating=5)
    from training.selectors import institution_stats

    stats = institution_stats(institution_member.organization)
    assert stats["completion_rate"] == 100 and stats["average_rating"] == 4.0
