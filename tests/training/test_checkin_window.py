"""Issue 22: check-in only while the session runs (with the configured grace), trainer overrides with a reason."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from portal.models import AuditLog
from tests.factories import VeteranFactory
from tests.training.factories import SessionFactory
from training import services
from training.models import Attendance
from training.services import checkin

pytestmark = pytest.mark.django_db
H = datetime.timedelta(hours=1)


@pytest.fixture
def enrolled(training_class):
    return services.enrollment_create(training_class=training_class, veteran=VeteranFactory())


def _check_in(session, veteran):
    return services.attendance_check_in(
        session=session, veteran=veteran, code=checkin.short_code(session.pk, checkin.time_step())
    )


@pytest.mark.parametrize("starts, ends", [(3 * H, 5 * H), (-5 * H, -2 * H)], ids=["before", "after"])
def test_check_in_outside_the_session_is_refused(enrolled, starts, ends):
    now = timezone.now()
    session = SessionFactory(training_class=enrolled.training_class, starts_at=now + starts, ends_at=now + ends)
    with pytest.raises(ValidationError, match="open only from"):
        _check_in(session, enrolled.veteran)
    assert not Attendance.objects.exists()


def test_grace_period_is_a_setting(enrolled, settings):
    now = timezone.now()
    session = SessionFactory(
        training_class=enrolled.training_class, starts_at=now + 20 * datetime.timedelta(minutes=1), ends_at=now + 2 * H
    )
    settings.TRAINING_CHECKIN_GRACE_MINUTES = 10
    with pytest.raises(ValidationError):
        _check_in(session, enrolled.veteran)
    settings.TRAINING_CHECKIN_GRACE_MINUTES = 30
    assert _check_in(session, enrolled.veteran).method == Attendance.Method.CODE


def test_check_in_page_refuses_outside_the_window_without_a_500(client, enrolled):
    now = timezone.now()
    session = SessionFactory(training_class=enrolled.training_class, starts_at=now - 6 * H, ends_at=now - 4 * H)
    client.force_login(enrolled.veteran)
    response = client.post(
        reverse("training:check_in", args=[session.pk]), {"code": checkin.short_code(session.pk, checkin.time_step())}
    )
    assert response.status_code == 400
    assert not Attendance.objects.exists()


def test_trainer_override_after_the_session_needs_a_reason_and_is_recorded(institution_member, enrolled):
    now = timezone.now()
    session = SessionFactory(training_class=enrolled.training_class, starts_at=now - 6 * H, ends_at=now - 4 * H)
    with pytest.raises(ValidationError) as exc:
        services.attendance_mark(session=session, enrollment=enrolled, actor=institution_member, present=True)
    assert "reason" in exc.value.message_dict
    attendance = services.attendance_mark(
        session=session, enrollment=enrolled, actor=institution_member, present=True, reason="手机没电，签到表为证"
    )
    assert attendance.override_reason == "手机没电，签到表为证" and attendance.recorded_by == institution_member
    entry = AuditLog.objects.get(target_id=str(attendance.pk))
    assert entry.detail["reason"] == "手机没电，签到表为证" and entry.actor == institution_member


def test_trainer_cannot_mark_a_session_that_has_not_started(institution_member, enrolled):
    now = timezone.now()
    session = SessionFactory(training_class=enrolled.training_class, starts_at=now + 5 * H, ends_at=now + 7 * H)
    with pytest.raises(ValidationError, match="not started"):
        services.attendance_mark(
            session=session, enrollment=enrolled, actor=institution_member, present=True, reason="提前"
        )


def test_override_through_the_roster_page(client, institution_member, enrolled):
    now = timezone.now()
    session = SessionFactory(training_class=enrolled.training_class, starts_at=now - 6 * H, ends_at=now - 4 * H)
    client.force_login(institution_member)
    page = client.get(reverse("training:manage_session", args=[session.pk]))
    assert page.context["session_over"] is True
    url = reverse("training:manage_session_mark", args=[session.pk])
    client.post(url, {"enrollment": enrolled.pk, "present": "1"})
    assert not Attendance.objects.exists()
    client.post(url, {"enrollment": enrolled.pk, "present": "1", "reason": "补录：纸质签到表"})
    assert Attendance.objects.get().override_reason == "补录：纸质签到表"
