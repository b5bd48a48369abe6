"""每周精选 on the staff workbench: picked from a title search, for this week or the next, removed until the week is
over, and added from the positions' admin action; every change through jobs.matching.services.picks (issue 22)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from jobs.matching.models import WeeklyPick, monday_of
from jobs.matching.services.picks import weekly_pick_add, weekly_pick_remove
from jobs.models import Position
from portal.models import AuditLog
from tests.factories import StaffFactory, UserFactory, VeteranFactory
from tests.jobs.factories import PositionFactory
from tests.jobs.test_browser import log_in

pytestmark = pytest.mark.django_db


def test_only_published_positions_once_per_week_and_never_for_a_past_week():
    staff = StaffFactory()
    position = PositionFactory()
    pick = weekly_pick_add(position=position, staff_user=staff, note="五险一金")
    assert pick.week_start == monday_of(timezone.localdate()) and pick.added_by == staff
    assert AuditLog.objects.filter(target_id=str(pick.pk), detail__weekly_pick="added").exists()
    with pytest.raises(ValidationError, match="已是该周的精选"):
        weekly_pick_add(position=position, staff_user=staff)
    with pytest.raises(ValidationError, match="只能精选已发布"):
        weekly_pick_add(position=PositionFactory(status=Position.Status.PENDING, published_at=None), staff_user=staff)
    with pytest.raises(ValidationError, match="该周已结束"):
        weekly_pick_add(position=PositionFactory(), staff_user=staff, week=timezone.localdate() - datetime.timedelta(7))
    past = WeeklyPick.objects.create(
        week_start=monday_of(timezone.localdate()) - datetime.timedelta(7), position=position
    )
    with pytest.raises(ValidationError, match="该周已结束"):
        weekly_pick_remove(pick=past, staff_user=staff)
    weekly_pick_remove(pick=pick, staff_user=staff)
    assert not WeeklyPick.objects.filter(pk=pick.pk).exists()


def test_the_page_is_for_staff_and_bad_input_is_a_message_not_an_error(client):
    client.force_login(UserFactory())
    assert client.get("/jobs/staff/picks/").status_code == 403
    client.force_login(StaffFactory())
    assert client.get("/jobs/staff/picks/?week=not-a-date").status_code == 200
    response = client.post("/jobs/staff/picks/add/", {"position": "x", "week": "2026-13-40"}, follow=True)
    assert response.status_code == 200 and "请选择岗位和周次" in response.content.decode()
    assert client.post("/jobs/staff/picks/add/", {"position": 10**8, "week": "2030-01-07"}).status_code == 404


def test_the_positions_admin_action_picks_for_this_week(client):
    staff = StaffFactory()
    client.force_login(staff)
    positions = [PositionFactory(), PositionFactory()]
    response = client.post(
        "/admin/jobs/position/",
        {"action": "pick_for_this_week", "_selected_action": [p.pk for p in positions]},
        follow=True,
    )
    assert response.status_code == 200
    assert set(WeeklyPick.objects.for_week(timezone.localdate()).values_list("position", flat=True)) == {
        p.pk for p in positions
    }
    assert client.get("/admin/jobs_matching/weeklypick/add/").status_code == 403


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_pick_a_position_for_next_week_and_veterans_see_this_weeks_picks(page, live_server):
    page.url_base = live_server.url
    staff = StaffFactory()
    position = PositionFactory(title="冷链物流驾驶员")
    PositionFactory(title="办公室文员")
    log_in(page, staff)
    page.goto("/staff/")
    page.click("nav a[href='/jobs/staff/picks/']")
    page.click("text=下周")
    page.fill("#pick-q", "冷链")
    page.press("#pick-q", "Enter")
    page.fill(f"#note-{position.pk}", "待遇优厚，退役军人优先")
    page.click("[data-testid=pick-candidates] button[type=submit]")
    page.wait_for_selector("[data-testid=pick]")
    next_week = monday_of(timezone.localdate()) + datetime.timedelta(days=7)
    pick = WeeklyPick.objects.get(position=position)
    assert pick.week_start == next_week and pick.note == "待遇优厚，退役军人优先"

    # Moved to this week: the veteran's recommended page shows it.
    WeeklyPick.objects.filter(pk=pick.pk).update(week_start=monday_of(timezone.localdate()))
    log_in(page, VeteranFactory())
    page.goto("/jobs/recommended/")
    assert "冷链物流驾驶员" in page.inner_text("section[aria-labelledby=weekly-picks-heading]")

    log_in(page, staff)
    page.goto("/jobs/staff/picks/")
    page.click("[data-testid=pick] button[type=submit]")
    page.wait_for_selector("text=尚未精选岗位")
    assert not WeeklyPick.objects.exists()
