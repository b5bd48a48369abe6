"""Browser: a veteran enrols, is waitlisted, is promoted, checks in by code, completes, downloads and verifies."""

import io
import os

import pytest
from django.conf import settings
from django.test import Client
from pypdf import PdfReader

from tests.factories import OrgMemberFactory, VeteranFactory
from tests.training.factories import InstitutionFactory, SessionFactory, TrainingClassFactory
from training import services
from training.models import Enrollment
from training.services import checkin


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_veteran_waitlist_promotion_check_in_certificate(transactional_db, page, live_server, artifacts_dir):
    member = OrgMemberFactory(organization=InstitutionFactory(name="福州退役军人职业技能培训学校"))
    cls = TrainingClassFactory(course__institution=member.organization, course__title="无人机驾驶", capacity=1)
    session = SessionFactory(training_class=cls, title="无人机实操")
    first = services.enrollment_create(training_class=cls, veteran=VeteranFactory())
    veteran = VeteranFactory(profile__real_name="陈志强")

    client = Client()
    client.force_login(veteran)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])

    page.goto(f"/training/classes/{cls.pk}/")
    page.locator(f"form[action='/training/classes/{cls.pk}/enrol/'] button").click()
    status = page.get_by_test_id("my-status")
    assert "候补" in status.inner_text()  # 候补名单: on the waitlist
    mine = Enrollment.objects.get(training_class=cls, veteran=veteran)
    assert mine.status == Enrollment.Status.WAITLISTED
    page.screenshot(path=os.path.join(artifacts_dir, "training-waitlisted.png"), full_page=True)

    services.enrollment_withdraw(enrollment=first, veteran=first.veteran)
    page.reload()
    assert "已报名" in page.get_by_test_id("my-status").inner_text()

    page.goto(f"/training/sessions/{session.pk}/check-in/")
    page.get_by_label("6位签到码").fill(checkin.short_code(session.pk, checkin.time_step()))
    page.locator("form button[type=submit]").last.click()
    result = page.get_by_test_id("check-in-result")
    assert "已记录" in result.inner_text()
    page.screenshot(path=os.path.join(artifacts_dir, "training-checked-in.png"), full_page=True)

    services.enrollment_complete(enrollment=mine, actor=member, exam_score=90)
    mine.refresh_from_db()
    number = mine.certificate.number

    page.goto("/training/me/")
    with page.expect_download() as info:
        page.locator(f"a[href='/training/certificates/{number}/pdf/']").click()
    pdf_path = info.value.path()
    with open(pdf_path, "rb") as fh:
        text = PdfReader(io.BytesIO(fh.read())).pages[0].extract_text()
    assert "陈志强" in text and number in text

    page.locator(f"a[href='/training/certificates/verify/{mine.certificate.verify_code}/']").click()
    verdict = page.get_by_test_id("verify-result").inner_text()
    assert "有效" in verdict
    body = page.content()
    assert "陈**" in body and "陈志强" not in body
    page.screenshot(path=os.path.join(artifacts_dir, "training-verified.png"), full_page=True)
