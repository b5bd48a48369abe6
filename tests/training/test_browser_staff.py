"""Browser (issue 8): a staff member acts for a veteran at the counter and enrols them in a class; the veteran
then sees the act on their profile page."""

import os

import pytest
from django.conf import settings
from django.test import Client

from portal.models import AuditLog
from tests.factories import StaffFactory, VeteranFactory
from tests.training.factories import TrainingClassFactory
from training.models import Enrollment


def _log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.clear_cookies()
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_acts_for_a_veteran_to_enrol_them_in_a_class(page, live_server, artifacts_dir):
    staff = StaffFactory(username="counter", first_name="晓", last_name="张")
    veteran = VeteranFactory(profile__real_name="陈建国", profile__region_code="350102")
    cls = TrainingClassFactory(course__title="无人机驾驶", name="第3期", capacity=20)
    TrainingClassFactory(course__title="短视频制作", name="第1期")

    _log_in(page, live_server, staff)
    page.goto("/staff/act/")
    page.fill("input[name=q]", veteran.veteran_profile.id_number_last4)
    page.locator("main form[role=search] button[type=submit]").click()
    page.locator("#act-results button[type=submit]").first.click()
    page.wait_for_url("**/staff/act/current/")
    page.click("#act-actions a[href='/training/staff/act/enrol/']")
    page.wait_for_url("**/training/staff/act/enrol/")
    assert "为退役军人报名培训班次" in page.locator("h1").inner_text()
    page.get_by_label("搜索班次").fill("无人机")
    page.get_by_role("button", name="搜索", exact=True).click()
    assert page.locator("#act-classes li").count() == 1
    page.screenshot(path=os.path.join(artifacts_dir, "training-act-enrol.png"), full_page=True)
    page.locator("#act-classes button[type=submit]").click()
    page.wait_for_url("**/staff/act/current/")
    assert "已为该退役军人报名" in page.locator("main").inner_text()
    assert "报名培训班次" in page.locator("main ul").last.inner_text()  # recent acts for this veteran

    assert Enrollment.objects.get(veteran=veteran).training_class == cls
    entry = AuditLog.objects.get(on_behalf_of=veteran, detail__event="training.enrol")
    assert entry.actor == staff

    _log_in(page, live_server, veteran)
    page.goto("/me/")
    acted = page.locator("#acted-for-me").inner_text()
    assert "报名培训班次" in acted and staff.get_full_name() in acted
    page.goto("/training/me/")
    assert "无人机驾驶" in page.locator("main").inner_text()
