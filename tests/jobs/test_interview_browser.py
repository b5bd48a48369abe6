"""In a phone-sized browser: the employer invites an applicant to an interview from the applicant's page (two
times, on site), the veteran opens the invitation from "my applications" and picks a time; both see it booked."""

import datetime

import pytest
from django.utils import timezone

from jobs.models import Interview
from tests.jobs.hiring import applied
from tests.jobs.test_browser import log_in


def local_input(hours: int) -> str:
    moment = timezone.localtime(timezone.now() + datetime.timedelta(hours=hours)).replace(minute=0)
    return moment.strftime("%Y-%m-%dT%H:%M")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_employer_proposes_and_veteran_picks_in_the_browser(page, live_server, artifacts_dir):
    page.url_base = live_server.url
    application, employer, veteran = applied()

    log_in(page, employer)
    page.goto(f"/jobs/employer/applications/{application.pk}/")
    page.click("[data-testid=invite]")
    page.fill("#id_time_1", local_input(50))
    page.fill("#id_time_2", local_input(74))
    page.fill("#id_address", "福州市鼓楼区五四路100号3楼")
    page.fill("#id_contact_name", "林经理")
    page.fill("#id_contact_phone", "0591-88001234")
    page.fill("#id_bring", "身份证、退役证")
    page.fill("#id_note", "请提前十分钟到达前台。")
    page.click("[data-testid=propose-form] button[type=submit]")
    page.wait_for_selector("[data-testid=interview-status]")
    interview = Interview.objects.get(application=application)
    assert interview.offered_slots.count() == 2
    page.screenshot(path=f"{artifacts_dir}/interview-employer.png", full_page=True)

    log_in(page, veteran)
    page.goto("/jobs/applications/mine/")
    page.click("[data-testid=application-interview] a")
    assert "请提前十分钟到达前台。" in page.content()
    page.locator("[data-testid=pick-form] input[type=radio]").first.check()
    page.click("[data-testid=pick-form] button[type=submit]")
    page.wait_for_selector("[data-testid=booked-slot]")
    assert "五四路100号" in page.inner_text("[data-testid=booked-slot]")
    page.screenshot(path=f"{artifacts_dir}/interview-veteran.png", full_page=True)
    interview.refresh_from_db()
    assert interview.status == Interview.Status.BOOKED

    log_in(page, employer)
    page.goto(f"/jobs/employer/interviews/{interview.pk}/")
    assert page.inner_text("[data-testid=interview-status]") in ("已预约", "Booked")
