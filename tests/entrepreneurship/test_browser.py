"""Browser journey: a veteran registers a project, books a mentor, enters a competition, a judge scores it, and the
veteran applies for a loan that a bank member approves (375 px wide, Chinese UI)."""

import os

import pytest

from entrepreneurship.models import Competition, CompetitionEntry, LoanApplication, MentorBooking, Score
from tests import factories as base
from tests.entrepreneurship import factories as f

PASSWORD = "pass-1234-word"


def login(page, user):
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.fill("input[name=login]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_veteran_project_mentor_competition_judge_and_loan(page, artifacts_dir):
    veteran = base.VeteranFactory(username="laobing")
    slot = f.slot()
    competition = f.competition()
    judge = f.judge(competition, user=base.UserFactory(username="pingwei"))
    product = f.loan_product()
    banker = base.OrgMemberFactory(organization=product.bank, username="yinhang")

    login(page, veteran)
    page.goto("/entrepreneurship/projects/new/")
    page.fill("#id_name", "老兵快修连锁")
    page.fill("#id_industry", "汽车维修")
    page.select_option("#id_stage", "idea")
    page.fill("#id_jobs_created", "4")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/projects/*/")
    assert "老兵快修连锁" in page.inner_text("h1")

    page.goto(f"/entrepreneurship/mentoring/{slot.mentor.pk}/")
    page.get_by_role("link", name="预约").first.click()
    page.select_option("#id_topic", "financing")
    page.fill("#id_question", "如何申请创业贷款？")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/mentoring/bookings/")
    assert MentorBooking.objects.filter(veteran=veteran, slot=slot, status="booked").exists()

    page.goto(f"/entrepreneurship/competitions/{competition.pk}/")
    page.select_option("#id_enterprise", label="老兵快修连锁")
    page.fill("#id_pitch", "社区汽车快修，招用退役军人技师。")
    page.locator("main form button[type=submit]").click()
    page.locator("[data-testid=my-entry]").wait_for()
    entry = CompetitionEntry.objects.get(competition=competition)

    Competition.objects.filter(pk=competition.pk).update(status=Competition.Status.JUDGING)  # staff opens judging
    login(page, judge)
    page.goto(f"/entrepreneurship/competitions/{competition.pk}/judging/")
    page.get_by_role("link", name="评分").first.click()
    for criterion, points in zip(competition.criteria.all(), (80, 70, 40), strict=True):
        page.fill(f"#id_c{criterion.pk}", str(points))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/competitions/{competition.pk}/judging/")
    score = Score.objects.get(entry=entry, judge=judge)
    assert str(score.weighted_total) == "76.50"  # (80×40 + 70×35 + 40/50×100×25) / 100 = (3200 + 2450 + 2000) / 100

    login(page, veteran)
    page.goto("/entrepreneurship/loans/")
    page.get_by_role("link", name="申请").first.click()
    page.select_option("#id_enterprise", label="老兵快修连锁")
    page.fill("#id_amount", "100000")
    page.fill("#id_term_months", "24")
    page.fill("#id_purpose", "购置举升机和诊断设备")
    page.locator("main form button[type=submit]").click()
    page.locator("[data-testid=loan-status]").wait_for()
    application = LoanApplication.objects.get(applicant=veteran)

    login(page, banker)
    page.goto(f"/entrepreneurship/loans/bank/{application.pk}/")
    page.select_option("#id_decision", "approve")
    page.locator("main form button[type=submit]").click()
    page.locator("[data-testid=loan-status]").wait_for()
    page.screenshot(path=os.path.join(artifacts_dir, "entrepreneurship-loan-approved.png"), full_page=True)
    application.refresh_from_db()
    assert application.status == LoanApplication.Status.APPROVED
    assert "已通过" in page.inner_text("[data-testid=loan-status]") or "Approved" in page.inner_text(
        "[data-testid=loan-status]"
    )
