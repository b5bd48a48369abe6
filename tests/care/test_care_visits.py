"""走访慰问 (issue 19, item 3): a visit plan produces due visits, an overdue visit shows on the dashboard by city, a
recorded need creates a follow-up task that can be closed, and the next visit is planned."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from portal.care import selectors, services
from portal.care.dashboard import dashboard_section
from portal.care.models import CareSubject, CareTask, CareVisit
from portal.care.tasks import plan_visits
from portal.models import AuditLog
from tests.factories import StaffFactory, UserFactory, VeteranFactory
from tests.jobs.test_browser import log_in

pytestmark = pytest.mark.django_db


def _subject(staff, **kwargs):
    veteran = VeteranFactory(**kwargs).veteran_profile
    return services.care_subject_mark(veteran=veteran, staff_user=staff, reasons=["elderly", "alone"], interval_days=90)


def test_marking_plans_a_visit_due_today_and_the_beat_task_plans_missing_ones_once():
    staff = StaffFactory()
    subject = _subject(staff)
    assert list(subject.visits.values_list("due_on", "status")) == [(timezone.localdate(), "planned")]
    with pytest.raises(ValidationError):
        services.care_subject_mark(veteran=subject.veteran, staff_user=staff, reasons=[], interval_days=90)
    # A subject whose planned visit was cancelled by hand gets a new one from the daily task, once.
    subject.visits.update(status=CareVisit.Status.CANCELLED)
    assert plan_visits.apply().get() == 1
    assert plan_visits.apply().get() == 0
    assert subject.visits.planned().count() == 1


def test_an_overdue_visit_shows_by_city_on_the_overview_and_the_staff_dashboard(client):
    staff = StaffFactory()
    fuzhou = _subject(staff, profile__region_code="350102")
    _subject(staff, profile__region_code="530302")  # due today: not overdue
    fuzhou.visits.planned().update(due_on=timezone.localdate() - datetime.timedelta(days=10))
    assert selectors.overdue_by_city() == [{"city": "福州市", "count": 1}]
    section = dashboard_section()
    figures = {str(f.label): f.value for f in section.figures}
    assert figures["逾期未走访"] == 1 and figures["定期走访对象"] == 2
    assert section.table.rows == [["福州市", 1]]
    client.force_login(UserFactory())
    assert client.get("/care/").status_code == 403
    client.force_login(staff)
    page = client.get("/care/").content.decode()
    assert "福州市" in page and 'data-testid="overdue-total">1<' in page
    assert client.get("/staff/").status_code == 200


def test_a_recorded_need_creates_a_task_that_is_closed_and_the_next_visit_is_planned():
    staff, colleague = StaffFactory(), StaffFactory()
    subject = _subject(staff)
    visit = subject.visits.get()
    today = timezone.localdate()
    task = {"need": "medical", "description": "联系社区医院上门体检", "assigned_to": colleague, "due_on": today}
    with pytest.raises(ValidationError):
        bad = {**task, "assigned_to": UserFactory()}  # not bureau staff
        services.care_visit_record(
            visit=visit, staff_user=staff, visited_on=today, visitors="李主任", condition="fair", needs=[], tasks=[bad]
        )
    services.care_visit_record(
        visit=visit,
        staff_user=staff,
        visited_on=today,
        visitors="李主任、王干事",
        condition="poor",
        needs=["medical", "daily_life"],
        notes="腿脚不便，独居",
        tasks=[task],
    )
    visit.refresh_from_db()
    assert visit.status == "done" and visit.need_labels() == ["医疗", "生活照料"]
    assert list(subject.visits.planned().values_list("due_on", flat=True)) == [today + datetime.timedelta(days=90)]
    open_task = CareTask.objects.get()
    assert list(selectors.open_tasks(assigned_to=colleague)) == [open_task]
    with pytest.raises(ValidationError):
        services.care_task_close(task=open_task, staff_user=colleague, outcome="")
    services.care_task_close(task=open_task, staff_user=colleague, outcome="已安排每月上门体检")
    assert not selectors.open_tasks().exists()
    with pytest.raises(ValidationError):
        services.care_visit_record(
            visit=visit, staff_user=staff, visited_on=today, visitors="x", condition="good", needs=[]
        )
    assert AuditLog.objects.filter(detail__care="visited").count() == 1


def test_ending_the_visits_cancels_the_planned_one():
    staff = StaffFactory()
    subject = _subject(staff)
    with pytest.raises(ValidationError):
        services.care_subject_end(subject=subject, staff_user=staff, reason=" ")
    services.care_subject_end(subject=subject, staff_user=staff, reason="已随子女迁往外省")
    assert not CareSubject.objects.get().active and not CareVisit.objects.planned().exists()
    assert plan_visits.apply().get() == 0


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_mark_a_veteran_record_a_visit_with_a_need_and_print_the_sheet(page, live_server):
    page.url_base = live_server.url
    staff = StaffFactory()
    veteran = VeteranFactory(profile__real_name="赵老兵")
    log_in(page, staff)
    page.goto("/staff/")
    page.click("nav a[href='/care/']")
    page.click("text=定期走访对象")
    page.click("text=标记走访对象")
    page.fill("#care-q", veteran.veteran_profile.get_id_number())
    page.press("#care-q", "Enter")
    page.check("[data-testid=mark-form] input[value=elderly]")
    page.select_option("[data-testid=mark-form] select[name=interval_days]", "30")
    page.click("[data-testid=mark-form] button[type=submit]")
    page.wait_for_selector("[data-testid=care-subject]")
    visit = CareVisit.objects.get(subject__veteran__user=veteran)

    page.goto("/care/")
    page.click(f"a[href='/care/visits/{visit.pk}/sheet/']")
    assert "赵**" in page.inner_text("[data-testid=visit-sheet]")
    page.goto("/care/")
    page.click(f"a[href='/care/visits/{visit.pk}/']")
    page.fill("#id_visitors", "李主任")
    page.check("input[name=condition][value=poor]")
    page.check("input[name=needs][value=housing]")
    page.select_option("#id_task_need", "housing")
    page.fill("#id_task_description", "协调住房维修")
    page.select_option("#id_task_assignee", str(staff.pk))
    page.fill("#id_task_due_on", (timezone.localdate() + datetime.timedelta(days=7)).isoformat())
    page.click("[data-testid=visit-form] button[type=submit]")
    page.wait_for_url("**/care/")
    page.goto("/care/tasks/")
    page.fill("[data-testid=care-task] input[name=outcome]", "已联系街道完成维修")
    page.click("[data-testid=care-task] button[type=submit]")
    page.wait_for_selector("text=暂无未完成的任务")
    assert CareTask.objects.get().status == "closed"


def test_the_calendar_shows_a_months_visits_by_city(client):
    staff = StaffFactory()
    in_fuzhou = _subject(staff, profile__region_code="350102")
    _subject(staff, profile__region_code="530302")
    client.force_login(staff)
    month = timezone.localdate().strftime("%Y-%m")
    everyone = client.get("/care/calendar/", {"month": month})
    assert len([v for _day, visits in everyone.context["days"] for v in visits]) == 2
    fuzhou = client.get("/care/calendar/", {"month": month, "city": "350100"})
    assert [v.subject for _day, visits in fuzhou.context["days"] for v in visits] == [in_fuzhou]
    assert client.get("/care/calendar/", {"month": "13-99", "city": "x"}).status_code == 200
