"""Class check-in on portal.rotating: the QR code is a SITE_URL link, typed codes are limited per veteran."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.factories import OrgMemberFactory, VeteranFactory
from tests.training.factories import SessionFactory
from training import services
from training.models import Attendance
from training.services import checkin

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def enrolled(training_class):
    return services.enrollment_create(training_class=training_class, veteran=VeteranFactory())


def _wrong(session):
    current = {checkin.short_code(session.pk, checkin.time_step() - d) for d in (0, 1)}
    return [f"{n:06d}" for n in range(100_000, 100_100) if f"{n:06d}" not in current]


def test_wrong_typed_codes_are_limited_then_even_the_right_one_is_refused(enrolled):
    session = SessionFactory(training_class=enrolled.training_class)
    for guess in _wrong(session)[: checkin.CODE_LIMIT]:
        with pytest.raises(ValidationError, match="not valid"):
            services.attendance_check_in(session=session, veteran=enrolled.veteran, code=guess)
    with pytest.raises(ValidationError, match="Too many wrong codes"):
        services.attendance_check_in(
            session=session, veteran=enrolled.veteran, code=checkin.short_code(session.pk, checkin.time_step())
        )
    # Scanning still works.
    token = checkin.checkin_token(session.pk, checkin.time_step())
    assert services.attendance_check_in(session=session, veteran=enrolled.veteran, token=token)


def test_the_trainers_qr_holds_a_site_url_link_that_checks_in(client, enrolled, settings):
    settings.SITE_URL = "https://portal.example.cn"
    session = SessionFactory(training_class=enrolled.training_class)
    trainer = OrgMemberFactory(organization=enrolled.training_class.course.institution)
    client.force_login(trainer)
    body = client.get(reverse("training:manage_session_qr", args=[session.pk])).json()
    assert "<svg" in body["svg"] and len(body["code"]) == 6
    link = "https://portal.example.cn" + reverse("training:check_in", args=[session.pk]) + "?t="
    link += checkin.checkin_token(session.pk, checkin.time_step())
    assert checkin.token_is_valid(session.pk, link)
    client.force_login(enrolled.veteran)
    page = client.get(link.removeprefix("https://portal.example.cn"))
    assert page.status_code == 200 and not Attendance.objects.exists()  # the GET only asks to confirm
    client.post(reverse("training:check_in", args=[session.pk]), {"token": link})
    assert Attendance.objects.filter(session=session, enrollment=enrolled, method=Attendance.Method.QR).exists()
