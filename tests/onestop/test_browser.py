"""Browser (issue 19, item 4): a veteran files the one-stop application from the workspace and sees each part's
state; a staff member at the counter files one for another veteran (代办) and processes it from the counter page."""

import datetime
import os

import pytest
from django.utils import timezone

from benefits.models import CardApplication
from portal.onestop.models import OneStopBundle
from tests.benefits.factories import photo_upload
from tests.factories import StaffFactory, VeteranFactory
from tests.jobs.test_browser import log_in
from tests.training.factories import TrainingClassFactory
from training.models import Enrollment


def _photo():
    upload = photo_upload()
    return {"name": "photo.png", "mimeType": "image/png", "buffer": upload.read()}


def _fill(page, cls):
    page.set_input_files("#id_photo", _photo())
    page.select_option("#id_training_class", value=str(cls.pk))
    page.fill("#id_available_from", (timezone.localdate() + datetime.timedelta(days=10)).isoformat())
    page.check("#id_counselling")
    page.fill("#id_note", "希望从事物流管理")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_veteran_files_the_one_stop_application_from_the_workspace(page, live_server, artifacts_dir):
    page.url_base = live_server.url
    veteran = VeteranFactory(profile__real_name="王建军")
    cls = TrainingClassFactory(course__title="物流管理", name="第2期")
    log_in(page, veteran)
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{live_server.url}/workspace/")
    page.click("a[href='/onestop/']")
    page.wait_for_url("**/onestop/")
    # A date in the past is refused with the typed values kept.
    page.set_input_files("#id_photo", _photo())
    page.fill("#id_available_from", "2020-01-01")
    page.fill("#id_note", "希望从事物流管理")
    page.click("[data-testid=onestop-form] button[type=submit]")
    assert "可到岗日期不能早于今天。" in page.locator("main").inner_text()
    assert page.input_value("#id_note") == "希望从事物流管理"
    _fill(page, cls)
    page.click("[data-testid=onestop-form] button[type=submit]")
    page.wait_for_selector("[data-testid=onestop-parts]")
    page.screenshot(path=os.path.join(artifacts_dir, "onestop-status.png"), full_page=True)
    rows = page.locator("[data-testid=onestop-parts] tbody tr")
    assert rows.count() == 4
    text = page.locator("[data-testid=onestop-parts]").inner_text()
    assert "优待证申领" in text and "求职登记" in text and "适应性培训报名" in text and "就业指导" in text
    assert page.locator("[data-state=failed]").count() == 0
    assert CardApplication.objects.filter(applicant=veteran).exists()
    assert Enrollment.objects.filter(veteran=veteran, training_class=cls).exists()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_file_a_one_stop_application_acting_for_a_veteran(page, live_server, artifacts_dir):
    page.url_base = live_server.url
    staff = StaffFactory(username="counter2")
    veteran = VeteranFactory(profile__real_name="陈建国")
    cls = TrainingClassFactory(course__title="无人机驾驶", name="第3期")
    log_in(page, staff)
    page.goto(f"{live_server.url}/staff/act/")
    page.fill("input[name=q]", veteran.veteran_profile.id_number_last4)
    page.locator("main form[role=search] button[type=submit]").click()
    page.locator("#act-results button[type=submit]").first.click()
    page.wait_for_url("**/staff/act/current/")
    page.click("#act-actions a[href='/onestop/staff/act/']")
    page.wait_for_url("**/onestop/staff/act/")
    _fill(page, cls)
    page.click("[data-testid=onestop-form] button[type=submit]")
    page.wait_for_selector("[data-testid=onestop-parts]")
    assert "已为该退役军人代办退役一件事" in page.locator("main").inner_text()
    bundle = OneStopBundle.objects.get(veteran=veteran)
    assert bundle.acting_staff == staff
    page.goto(f"{live_server.url}/onestop/staff/")
    page.screenshot(path=os.path.join(artifacts_dir, "onestop-counter.png"), full_page=True)
    section = page.locator("[data-testid=bundle]").first
    assert "窗口代办" in section.inner_text()
    application = CardApplication.objects.get(applicant=veteran)
    section.locator(f"a[href='/benefits/staff/applications/{application.pk}/']").click()
    page.wait_for_url(f"**/benefits/staff/applications/{application.pk}/")
