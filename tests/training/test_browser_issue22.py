"""Browser (issue 22): an institution edits its class (a capacity raise seats the waiter); bureau staff approve a
subsidy claim with the amount and record its payment on the workbench, and do the same as admin actions."""

import os

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from tests.factories import OrgMemberFactory, StaffFactory, VeteranFactory
from tests.training.factories import InstitutionFactory, TrainingClassFactory, claim_with_evidence
from training import services
from training.models import Enrollment, SubsidyClaim

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.clear_cookies()
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def _fits_the_phone(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"page overflows a 375-px screen ({width}px)"


def _claim(amount=1500):
    cls = TrainingClassFactory(course__subsidy_amount=amount, course__title="叉车司机")
    enrollment = Enrollment.objects.create(
        training_class=cls,
        veteran=VeteranFactory(profile__real_name="周文斌"),
        status=Enrollment.Status.COMPLETED,
        sequence=1,
        completed_at=timezone.now(),
    )
    claim = services.subsidy_claim_file(enrollment=enrollment, actor=enrollment.veteran)
    return claim_with_evidence(claim)


def test_institution_edits_its_class_and_the_waiter_is_promoted(page, live_server, artifacts_dir):
    member = OrgMemberFactory(organization=InstitutionFactory(name="南京退役军人培训学校"))
    cls = TrainingClassFactory(course__institution=member.organization, course__title="电工（中级）", capacity=1)
    services.enrollment_create(training_class=cls, veteran=VeteranFactory())
    waiter = services.enrollment_create(training_class=cls, veteran=VeteranFactory())
    assert waiter.status == Enrollment.Status.WAITLISTED

    _log_in(page, live_server, member)
    page.goto("/training/")
    page.get_by_role("link", name="班次管理").click()
    page.locator(f"a[href='/training/manage/classes/{cls.pk}/']").click()
    page.get_by_role("link", name="编辑班次").click()
    page.wait_for_url(f"**/training/manage/classes/{cls.pk}/edit/")
    _fits_the_phone(page)
    page.get_by_label("名额").fill("0")
    page.locator("main form button[type=submit]").click()
    assert page.locator("main .invalid-feedback").count() >= 1  # a field error, nothing saved
    page.get_by_label("名额").fill("2")
    page.get_by_label("培训地点").fill("南京市玄武区实训楼 3 层")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/training/manage/classes/{cls.pk}/")
    assert page.get_by_test_id("class-capacity").inner_text() == "2"
    assert page.get_by_test_id(f"roster-{waiter.pk}").inner_text().count("已报名") == 1
    page.screenshot(path=os.path.join(artifacts_dir, "training-class-edited.png"), full_page=True)
    waiter.refresh_from_db()
    assert waiter.status == Enrollment.Status.ENROLLED


def test_staff_approve_and_pay_a_claim_on_the_workbench(page, live_server, artifacts_dir):
    claim = _claim()
    _log_in(page, live_server, StaffFactory())
    page.goto("/staff/")
    page.get_by_role("link", name="培训补贴申报").first.click()
    page.wait_for_url("**/training/staff/claims/**")
    page.locator(f"a[href='/training/claims/{claim.pk}/']").click()
    assert "考勤表" in page.locator("#claim-attachments").inner_text()
    _fits_the_phone(page)
    page.get_by_label("核定金额（元）").fill("1400.00")
    page.locator("#decision form").first.locator("button[type=submit]").click()
    assert page.locator("main .invalid-feedback").count() >= 1  # less than claimed needs a note
    page.get_by_label("说明（核定金额低于申报金额时必填）").fill("缺勤一天，按比例核减")
    page.locator("#decision form").first.locator("button[type=submit]").click()
    page.wait_for_url(f"**/training/claims/{claim.pk}/")
    assert "1400.00" in page.get_by_test_id("claim-approved").inner_text()
    page.get_by_label("发放日期").fill(timezone.localdate().isoformat())
    page.get_by_label("凭证号").fill("记-2026-12-0008")
    page.get_by_role("button", name="登记发放").click()
    page.wait_for_url(f"**/training/claims/{claim.pk}/")
    assert "记-2026-12-0008" in page.get_by_test_id("claim-payment").inner_text()
    page.screenshot(path=os.path.join(artifacts_dir, "training-claim-paid.png"), full_page=True)
    claim.refresh_from_db()
    assert claim.status == SubsidyClaim.Status.PAID and str(claim.payment.amount) == "1400.00"


def test_staff_approve_and_pay_claims_as_admin_actions(page, live_server):
    claim = _claim(amount=980)
    _log_in(page, live_server, StaffFactory(is_superuser=True))
    page.goto("/admin/training/subsidyclaim/")
    page.locator(f"input[name=_selected_action][value='{claim.pk}']").check()
    page.select_option("select[name=action]", "approve_selected")
    page.locator("button[name=index]").click()
    page.wait_for_load_state()
    claim.refresh_from_db()
    assert claim.status == SubsidyClaim.Status.APPROVED and str(claim.approved_amount) == "980.00"

    page.locator(f"input[name=_selected_action][value='{claim.pk}']").check()
    page.select_option("select[name=action]", "record_payment_selected")
    page.locator("button[name=index]").click()
    page.locator("input[name=paid_on]").fill(timezone.localdate().isoformat())
    page.locator("input[name=voucher_number]").fill("记-ADMIN-1")
    page.locator("input[name=apply]").click()
    page.wait_for_load_state()
    claim.refresh_from_db()
    assert claim.status == SubsidyClaim.Status.PAID and claim.payment.voucher_number == "记-ADMIN-1"
