"""Certificate revocation (page and API), the course form's institution picker, tomorrow's-session reminders."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from rest_framework.test import APIClient

from portal.models import Notification
from portal.services.organizations import membership_add
from tests.factories import OrgMemberFactory, StaffFactory, VeteranFactory
from tests.training.factories import InstitutionFactory, SessionFactory, TrainingClassFactory
from training import services
from training.models import Certificate, Course, Enrollment

pytestmark = pytest.mark.django_db
TZ = zoneinfo.ZoneInfo("Asia/Shanghai")


@pytest.fixture
def certificate(institution_member, training_class):
    enrollment = services.enrollment_create(
        training_class=training_class, veteran=VeteranFactory(profile__real_name="李卫国")
    )
    session = SessionFactory(training_class=training_class)
    services.attendance_mark(session=session, enrollment=enrollment, actor=institution_member, present=True)
    done = services.enrollment_complete(enrollment=enrollment, actor=institution_member, exam_score=90)
    return done.certificate


# --- revoking a certificate ------------------------------------------------------------------------------------


def test_institution_revokes_on_the_roster_page_with_a_reason(client, institution_member, certificate):
    client.force_login(institution_member)
    url = f"/training/manage/certificates/{certificate.number}/revoke/"
    roster = client.get(f"/training/manage/classes/{certificate.enrollment.training_class_id}/").content.decode()
    assert url in roster
    client.post(url, {"reason": "  "})  # no reason: refused with a message
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    response = client.post(url, {"reason": "考试作弊"})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None and certificate.revoke_reason == "考试作弊"
    verify = client.get(f"/training/certificates/verify/{certificate.verify_code}/").content.decode()
    assert "已被撤销" in verify or "revoked" in verify
    notice = Notification.objects.get(event_key=f"training.certificate.{certificate.pk}.revoked")
    assert notice.recipient == certificate.enrollment.veteran and certificate.number in notice.title


def test_revoking_is_refused_to_the_holder_and_other_institutions(client, certificate):
    url = f"/training/manage/certificates/{certificate.number}/revoke/"
    for user in (certificate.enrollment.veteran, OrgMemberFactory(organization=InstitutionFactory())):
        client.force_login(user)
        assert client.post(url, {"reason": "x"}).status_code == 404
    assert client.get(url).status_code == 405  # never by GET
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    with pytest.raises(PermissionDenied):  # the service checks too
        services.certificate_revoke(certificate=certificate, actor=certificate.enrollment.veteran, reason="x")


def test_staff_revoke_through_the_api(certificate):
    api = APIClient()
    url = f"/api/v1/certificates/{certificate.number}/revoke/"
    api.force_authenticate(certificate.enrollment.veteran)
    assert api.post(url, {"reason": "x"}, format="json").status_code == 404
    api.force_authenticate(StaffFactory())
    assert api.post(url, {}, format="json").status_code == 400  # a reason is required
    response = api.post(url, {"reason": "证书信息有误"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["valid"] is False and response.json()["holder"] == "李**"
    again = api.post(url, {"reason": "again"}, format="json")
    assert again.status_code == 400
    assert Certificate.objects.get(pk=certificate.pk).revoke_reason == "证书信息有误"


# --- the course form's institution picker ----------------------------------------------------------------------


def _course_post(**extra):
    return {
        "title": "电商直播运营",
        "course_type": Course.Type.VOCATIONAL,
        "module": Course.Module.EMPLOYMENT,
        "description": "直播带货实操",
        "hours": 40,
        "delivery": Course.Delivery.ONSITE,
        "certificate_type": Course.CertificateType.COMPLETION,
        "subsidy_amount": 0,
        "attendance_threshold": 80,
        **extra,
    }


def test_member_of_two_institutions_picks_one(client):
    member = OrgMemberFactory(organization=InstitutionFactory(name="甲培训中心"))
    second = InstitutionFactory(name="乙培训学校")
    membership_add(organization=second, user=member)
    client.force_login(member)
    page = client.get("/training/manage/courses/new/").content.decode()
    assert 'name="institution"' in page and "乙培训学校" in page and "甲培训中心" in page
    response = client.post("/training/manage/courses/new/", _course_post(institution=second.pk))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Course.objects.get(title="电商直播运营").institution == second
    foreign = InstitutionFactory()
    response = client.post("/training/manage/courses/new/", _course_post(title="别家课程", institution=foreign.pk))
    assert response.status_code == 200 and not Course.objects.filter(title="别家课程").exists()


def test_member_of_one_institution_gets_no_picker(client, institution_member):
    client.force_login(institution_member)
    assert 'name="institution"' not in client.get("/training/manage/courses/new/").content.decode()
    assert client.post("/training/manage/courses/new/", _course_post()).status_code == 302
    assert Course.objects.get(title="电商直播运营").institution == institution_member.organization


# --- reminders the day before a session ------------------------------------------------------------------------


def test_reminders_go_to_enrolled_veterans_once(training_class, settings):
    from portal.celery import app as celery_app
    from training.tasks import send_session_reminders

    assert celery_app.conf.beat_schedule["training-session-reminders"]["task"] == send_session_reminders.name
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    morning = datetime.datetime.combine(tomorrow, datetime.time(9), tzinfo=TZ)
    SessionFactory(training_class=training_class, starts_at=morning, ends_at=morning + datetime.timedelta(hours=3))
    SessionFactory(
        training_class=training_class,
        title="实操课",
        starts_at=morning + datetime.timedelta(hours=5),
        ends_at=morning + datetime.timedelta(hours=8),
    )
    later = TrainingClassFactory()  # its session is the day after tomorrow: no reminder yet
    SessionFactory(
        training_class=later,
        starts_at=morning + datetime.timedelta(days=1),
        ends_at=morning + datetime.timedelta(days=1, hours=2),
    )
    training_class.capacity = 1
    training_class.save()
    enrolled = services.enrollment_create(training_class=training_class, veteran=VeteranFactory())
    waiting = services.enrollment_create(training_class=training_class, veteran=VeteranFactory())
    assert waiting.status == Enrollment.Status.WAITLISTED
    services.enrollment_create(training_class=later, veteran=VeteranFactory())

    assert send_session_reminders.delay().get() == 1
    notices = Notification.objects.filter(event_key__contains=".reminder.")
    assert [n.recipient for n in notices] == [enrolled.veteran]
    assert "09:00" in notices[0].body and "实操课" in notices[0].body
    assert send_session_reminders.delay().get() == 0  # a rerun sends nothing twice
    assert services.session_reminders_send(today=today) == 0
    assert notices.count() == 1
