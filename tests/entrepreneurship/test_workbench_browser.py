"""Browser: every step that was once only in the admin, taken by its role on its page (375 px, Chinese UI): staff
move competitions to judging on the workbench and with the admin action, assign a judge, a judge declares a
conflict; a user applies to be a mentor and staff approve on the workbench, reject with the admin action; an
operator creates a base, lays out a room and gives a desk to a resident; staff approve a subsidy settlement on the
workbench and with the admin action."""

import datetime
import os
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client

from entrepreneurship.models import (
    Competition,
    DeskAllocation,
    IncubatorBase,
    JudgeAssignment,
    JudgeConflict,
    LoanApplication,
    MentorProfile,
    Residency,
    SubsidySettlement,
)
from entrepreneurship.services import incubators, loans
from portal.roles import ensure_role_groups
from tests import factories as base
from tests.entrepreneurship import factories as f


def log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.clear_cookies()
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def run_admin_action(page, changelist: str, pk: int, action: str):
    page.goto(changelist)
    page.check(f"input[name=_selected_action][value='{pk}']")
    page.select_option("select[name=action]", action)
    page.locator("button[name=index]").first.click()
    page.wait_for_load_state()


@pytest.fixture
def staff(db):
    ensure_role_groups()  # a transactional test starts from flushed tables: give the staff group its permissions
    return base.StaffFactory(username="gongzuo")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_run_judging_on_the_workbench_and_in_the_admin_and_a_judge_declares_a_conflict(
    page, live_server, artifacts_dir, staff
):
    competition = f.competition()
    entry = f.entry(competition)
    second = f.competition()
    f.entry(second)
    f.judge(second)
    judge = base.UserFactory(username="pingwei")

    log_in(page, live_server, staff)
    page.goto("/staff/")
    page.get_by_role("link", name="创业创新大赛", exact=True).click()
    page.wait_for_url("**/entrepreneurship/staff/competitions/")
    page.locator(f"[data-testid=competition-item] a[href$='/competitions/{competition.pk}/manage/']").first.click()
    page.wait_for_url(f"**/competitions/{competition.pk}/manage/")
    page.fill("#judge-username", "pingwei")
    page.get_by_role("button", name="指派评委").click()
    page.locator("[data-testid=judges]").get_by_text("pingwei").wait_for()
    assert JudgeAssignment.objects.filter(competition=competition, judge=judge).exists()
    page.goto("/entrepreneurship/staff/competitions/")
    page.locator(f"form[action='/entrepreneurship/competitions/{competition.pk}/manage/judging/'] button").click()
    page.wait_for_url("**/entrepreneurship/staff/competitions/")
    page.screenshot(path=os.path.join(artifacts_dir, "entrepreneurship-staff-competitions.png"), full_page=True)
    assert Competition.objects.get(pk=competition.pk).status == Competition.Status.JUDGING

    run_admin_action(page, "/admin/entrepreneurship/competition/", second.pk, "start_judging")
    assert page.locator(".messagelist .success").count() == 1
    assert Competition.objects.get(pk=second.pk).status == Competition.Status.JUDGING

    log_in(page, live_server, judge)
    page.goto("/entrepreneurship/")
    page.get_by_role("link", name=f"评审：{competition.title}").click()
    page.wait_for_url(f"**/competitions/{competition.pk}/judging/")
    page.locator("[data-testid=judging-row] summary").first.click()
    page.fill(f"#conflict-{entry.pk}", "我是该项目的股东")
    page.get_by_role("button", name="声明回避并退出评分").click()
    page.locator("[data-testid=my-conflicts]").wait_for()
    assert JudgeConflict.objects.filter(judge=judge, entry=entry, reason="我是该项目的股东").exists()
    assert page.locator("[data-testid=judging-row]").count() == 0  # no longer offered for scoring


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_user_applies_to_mentor_staff_approve_on_the_workbench_and_reject_in_the_admin(
    page, live_server, artifacts_dir, staff
):
    applicant = base.UserFactory(username="zhidao")
    other = MentorProfile.objects.create(user=base.UserFactory(), display_name="赵申请", expertise="法律咨询")

    log_in(page, live_server, applicant)
    page.goto("/entrepreneurship/")
    page.get_by_role("link", name="成为创业导师").click()
    page.fill("#id_display_name", "孙导师")
    page.select_option("#id_field", "finance")
    page.fill("#id_expertise", "融资路演、财务规划")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/mentoring/my-slots/")
    profile = MentorProfile.objects.get(user=applicant)
    assert profile.status == MentorProfile.Status.PENDING

    log_in(page, live_server, staff)
    page.goto("/staff/")
    page.get_by_role("link", name="导师申请", exact=True).click()
    page.wait_for_url("**/entrepreneurship/staff/mentors/")
    page.screenshot(path=os.path.join(artifacts_dir, "entrepreneurship-staff-mentors.png"), full_page=True)
    card = page.locator("[data-testid=mentor-application]").filter(has_text="孙导师")
    card.get_by_role("button", name="通过").click()
    page.wait_for_url("**/entrepreneurship/staff/mentors/")
    profile.refresh_from_db()
    assert profile.status == MentorProfile.Status.APPROVED

    run_admin_action(page, "/admin/entrepreneurship/mentorprofile/", other.pk, "reject")
    page.fill("textarea[name=reason]", "资质材料不全")
    page.locator("input[name=apply]").click()
    page.wait_for_load_state()
    other.refresh_from_db()
    assert (other.status, other.rejection_reason) == (MentorProfile.Status.REJECTED, "资质材料不全")

    page.goto(f"/entrepreneurship/mentoring/{profile.pk}/")
    assert "孙导师" in page.inner_text("h1")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_operator_creates_a_base_lays_out_a_room_and_gives_a_desk_to_a_resident(page, live_server, artifacts_dir):
    operator = base.OrgMemberFactory(org_type="incubator", username="yunying")
    log_in(page, live_server, operator)
    page.goto("/entrepreneurship/")
    page.get_by_role("link", name="我方孵化基地").click()
    page.get_by_role("link", name="新建孵化基地").click()
    page.fill("#id_name", "鼓楼老兵创业园")
    page.select_option("#id_city", label="福建省 福州市")
    page.fill("#id_address", "鼓楼区八一七路1号")
    page.fill("#id_total_workstations", "0")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/plan/")
    home = IncubatorBase.objects.get(name="鼓楼老兵创业园")
    assert home.operator == operator.organization

    page.fill("#id_name", "101 开放办公区")
    page.fill("#id_rows", "2")
    page.fill("#id_columns", "3")
    page.get_by_role("button", name="添加房间").click()
    page.locator("[data-testid=room-plan]").wait_for()
    home.refresh_from_db()
    assert home.total_workstations == 6

    residency = Residency.objects.create(base=home, enterprise=f.enterprise(), workstations_requested=1)
    today = datetime.date.today()
    incubators.residency_accept(
        residency=residency,
        user=operator,
        workstations=1,
        start_date=today,
        end_date=today + datetime.timedelta(days=365),
    )
    page.reload()
    page.get_by_label("101 开放办公区 A1").check()
    page.get_by_role("button", name="分配工位").click()
    page.locator("[data-testid=desk-A1]").wait_for()
    assert residency.enterprise.name in page.inner_text("[data-testid=desk-A1]")
    page.screenshot(path=os.path.join(artifacts_dir, "entrepreneurship-base-plan.png"), full_page=True)
    assert DeskAllocation.objects.current().get(residency=residency).desk.label == "A1"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_approve_subsidy_settlements_on_the_workbench_and_in_the_admin(page, live_server, staff):
    banker = base.OrgMemberFactory(org_type="bank")
    veteran = base.VeteranFactory()
    app = LoanApplication.objects.create(
        product=f.loan_product(bank=banker.organization, subsidy_cap=Decimal("100000")),
        applicant=veteran,
        enterprise=f.enterprise(founder=veteran),
        amount=120000,
        term_months=12,
    )
    start = datetime.date.today() - datetime.timedelta(days=300)
    loans.loan_review(application=app, user=banker, decision="approve", start_date=start, method="interest_only")
    loans.loan_disburse(application=app, user=banker, disbursed_on=start)
    due = list(app.settlements.filter(period_end__lt=datetime.date.today()).order_by("period_start"))
    assert len(due) >= 2

    log_in(page, live_server, staff)
    page.goto("/staff/")
    page.get_by_role("link", name="贴息结算", exact=True).click()
    page.wait_for_url("**/entrepreneurship/staff/settlements/")
    page.locator("[data-testid=settlement-row]").first.get_by_role("button").click()
    page.wait_for_url("**/entrepreneurship/staff/settlements/")
    assert SubsidySettlement.objects.get(pk=due[0].pk).status == SubsidySettlement.Status.APPROVED

    run_admin_action(page, "/admin/entrepreneurship/subsidysettlement/", due[1].pk, "approve_selected")
    assert SubsidySettlement.objects.get(pk=due[1].pk).status == SubsidySettlement.Status.APPROVED
    page.goto("/entrepreneurship/loans/subsidies/")
    approved = sum(s.subsidy for s in due[:2])
    assert page.inner_text("[data-testid=settled-approved]") == str(approved)
    assert page.inner_text("[data-testid=reconciled]") == "是"
