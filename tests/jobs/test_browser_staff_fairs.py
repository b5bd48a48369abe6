"""Staff create an on-site fair on the staff page in a phone-sized browser; it then appears on the public list."""

import datetime
import os

import pytest
from django.utils import timezone

from jobs.models import JobFair
from tests.factories import StaffFactory
from tests.jobs.test_browser import log_in


def local(dt) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_create_an_on_site_fair_and_it_appears_on_the_public_list(page, live_server, artifacts_dir):
    page.url_base = live_server.url
    log_in(page, StaffFactory())
    starts = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(days=14)

    # From the staff workbench to the fair list, then "New job fair".
    page.goto("/staff/")
    page.click("a[href='/jobs/staff/fairs/']")
    page.click("a[href='/jobs/staff/fairs/new/']")

    # A first try without a venue is refused with a message next to the field; nothing is saved.
    page.fill("#id_title", "退役军人秋季现场招聘会")
    page.select_option("#id_kind", "onsite")
    page.fill("#id_organizer", "福州市退役军人事务局")
    page.select_option("#id_city", label="福建省 福州市")
    page.fill("#id_starts_at", local(starts))
    page.fill("#id_ends_at", local(starts + datetime.timedelta(hours=6)))
    page.fill("#id_registration_opens_at", local(timezone.now()))
    page.fill("#id_registration_closes_at", local(starts))
    page.fill("#id_capacity", "300")
    page.fill("#id_booth_count", "40")
    page.click("#fair-form button[type=submit]")
    page.wait_for_selector("#id_venue_errors")
    assert "现场招聘会需要填写举办地点" in page.inner_text("#id_venue_errors")
    assert not JobFair.objects.exists()

    # With a venue it is created (submitted with the keyboard).
    page.fill("#id_venue", "福州海峡人才市场三楼")
    page.press("#id_venue", "Enter")
    page.wait_for_url("**/jobs/staff/fairs/*/")
    fair = JobFair.objects.get(title="退役军人秋季现场招聘会")
    assert (fair.kind, fair.venue, fair.capacity, fair.booth_count) == ("onsite", "福州海峡人才市场三楼", 300, 40)
    page.screenshot(path=os.path.join(artifacts_dir, "jobs-staff-fair-form.png"), full_page=True)

    # It is listed for staff and on the public fair list.
    page.goto("/jobs/staff/fairs/")
    assert page.locator("[data-testid=staff-fair]", has_text="退役军人秋季现场招聘会").count() == 1
    page.goto("/jobs/fairs/")
    listed = page.locator("[data-testid=fair]", has_text="退役军人秋季现场招聘会")
    assert listed.count() == 1
    assert "福州海峡人才市场三楼" in listed.inner_text()
    page.screenshot(path=os.path.join(artifacts_dir, "jobs-fair-list-after-create.png"), full_page=True)
