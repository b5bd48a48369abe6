"""Issue 22: skill level certificates (职业技能等级证书) from an assessment, and revoked certificates marked."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from tests.factories import VeteranFactory
from tests.training.factories import CourseFactory, SessionFactory, TrainingClassFactory
from training import services
from training.models import Certificate, Course, SkillLevel

pytestmark = pytest.mark.django_db


@pytest.fixture
def skill_class(institution_member):
    course = CourseFactory(
        institution=institution_member.organization,
        certificate_type=Course.CertificateType.SKILL_LEVEL,
        assessment_occupation="电工",
        assessment_level=SkillLevel.LEVEL_4,
        assessment_body="福建省职业技能鉴定指导中心",
    )
    start = timezone.localdate() - datetime.timedelta(days=20)
    return TrainingClassFactory(course=course, start_date=start, end_date=start + datetime.timedelta(days=10))


@pytest.fixture
def completed(institution_member, skill_class):
    enrollment = services.enrollment_create(
        training_class=skill_class, veteran=VeteranFactory(profile__real_name="王建军")
    )
    session = SessionFactory(training_class=skill_class)
    services.attendance_mark(session=session, enrollment=enrollment, actor=institution_member, present=True)
    return services.enrollment_complete(enrollment=enrollment, actor=institution_member, exam_score=80)


def _pdf_text(client, user, certificate) -> str:
    client.force_login(user)
    response = client.get(reverse("training:certificate_pdf", args=[certificate.number]))
    assert response.status_code == 200
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_course_types_include_lifelong_and_service_staff():
    assert {"lifelong", "service_staff"} <= set(Course.Type.values) and len(Course.Type.values) == 6


def test_skill_course_needs_its_assessment(institution_member):
    course = Course(
        institution=institution_member.organization,
        title="焊工",
        course_type=Course.Type.VOCATIONAL,
        module=Course.Module.EMPLOYMENT,
        hours=80,
        certificate_type=Course.CertificateType.SKILL_LEVEL,
    )
    with pytest.raises(ValidationError) as exc:
        services.course_save(course=course)
    assert {"assessment_occupation", "assessment_level", "assessment_body"} <= set(exc.value.message_dict)


def test_assessment_result_issues_the_certificate_shown_on_verify_page_and_pdf(client, institution_member, completed):
    assert not Certificate.objects.filter(enrollment=completed).exists()  # completion alone: not yet certified
    assessed = timezone.localdate() - datetime.timedelta(days=1)
    cert = services.skill_certificate_issue(
        enrollment=completed, actor=institution_member, national_number="S0000 3500 0000 1234 56", assessed_on=assessed
    )
    assert (cert.occupation, cert.skill_level, cert.national_number) == ("电工", 4, "S00003500000012345" + "6")
    page = client.get(reverse("training:certificate_verify", args=[cert.verify_code]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    body = page.content.decode()
    for text in ("电工", "四级/中级工", "福建省职业技能鉴定指导中心", cert.national_number, assessed.isoformat()):
        assert text in body
    text = _pdf_text(client, completed.veteran, cert)
    for part in ("电工", "四级/中级工", "福建省职业技能鉴定指导中心", cert.national_number):
        assert part in text
    api = client.get(f"/api/v1/certificates/verify/{cert.verify_code}/").json()
    assert api["skill_level"] == 4 and api["national_number"] == cert.national_number


def test_bad_or_duplicate_national_number_is_refused(institution_member, completed, skill_class):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        services.skill_certificate_issue(
            enrollment=completed, actor=institution_member, national_number="12#", assessed_on=today
        )
    assert "national_number" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.skill_certificate_issue(
            enrollment=completed,
            actor=institution_member,
            national_number="S000035000001234",
            assessed_on=today + datetime.timedelta(days=3),
        )
    assert "assessed_on" in exc.value.message_dict
    services.skill_certificate_issue(
        enrollment=completed, actor=institution_member, national_number="S000035000001234", assessed_on=today
    )
    other = services.enrollment_create(
        training_class=TrainingClassFactory(course=skill_class.course), veteran=VeteranFactory()
    )
    other.status, other.completed_at = "completed", timezone.now()
    other.save()
    with pytest.raises(ValidationError, match="already recorded"):
        services.skill_certificate_issue(
            enrollment=other, actor=institution_member, national_number="s0000-35000001234", assessed_on=today
        )


def test_roster_page_records_the_assessment(client, institution_member, completed):
    client.force_login(institution_member)
    url = reverse("training:manage_enrollment_action", args=[completed.pk, "assess"])
    client.post(url, {"national_number": "", "skill_level": "4", "assessed_on": "2000-01-01"})
    assert not Certificate.objects.exists()
    client.post(url, {"national_number": "Y123456789012", "skill_level": "3", "assessed_on": str(timezone.localdate())})
    assert Certificate.objects.get().skill_level == 3


def test_revoked_certificate_pdf_and_verify_page_say_revoked_with_date_and_reason(client, institution_member):
    cls = TrainingClassFactory(course__institution=institution_member.organization)
    enrollment = services.enrollment_create(training_class=cls, veteran=VeteranFactory(profile__real_name="李卫国"))
    session = SessionFactory(training_class=cls)
    services.attendance_mark(session=session, enrollment=enrollment, actor=institution_member, present=True)
    cert = services.enrollment_complete(enrollment=enrollment, actor=institution_member, exam_score=90).certificate
    before = _pdf_text(client, enrollment.veteran, cert)
    assert "已撤销" not in before
    services.certificate_revoke(certificate=cert, actor=institution_member, reason="考试作弊")
    cert.refresh_from_db()
    revoked_on = timezone.localtime(cert.revoked_at).date().isoformat()
    after = _pdf_text(client, enrollment.veteran, cert)
    assert "已撤销" in after and revoked_on in after and "考试作弊" in after
    page = client.get(reverse("training:certificate_verify", args=[cert.verify_code])).content.decode()
    assert "已撤销" in page and revoked_on in page and "考试作弊" in page


def test_service_staff_course_enrols_bureau_staff_not_veterans(institution_member):
    from tests.factories import StaffFactory

    cls = TrainingClassFactory(
        course__institution=institution_member.organization, course__course_type=Course.Type.SERVICE_STAFF
    )
    with pytest.raises(ValidationError, match="service and management staff"):
        services.enrollment_create(training_class=cls, veteran=VeteranFactory())
    staff = StaffFactory(first_name="晓", last_name="张")
    enrollment = services.enrollment_create(training_class=cls, veteran=staff)
    session = SessionFactory(training_class=cls)
    services.attendance_mark(session=session, enrollment=enrollment, actor=institution_member, present=True)
    done = services.enrollment_complete(enrollment=enrollment, actor=institution_member)
    assert done.certificate.holder_name == staff.get_full_name()
