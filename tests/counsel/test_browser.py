"""The legal aid journey in a browser: a veteran asks from their workspace, staff register a lawyer and assign
them, the lawyer adds a slot, the veteran books it, the lawyer records a shareable outcome and closes, the veteran
reads the outcome and rates."""

import datetime

import pytest
from django.utils import timezone

from portal.counsel.models import CounselRequest
from portal.models import AuditLog
from tests.factories import StaffFactory, UserFactory, VeteranFactory
from tests.jobs.test_browser import log_in


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_ask_assign_book_record_close_and_rate(page, live_server):
    page.url_base = live_server.url
    veteran, staff, lawyer = VeteranFactory(), StaffFactory(), UserFactory(username="lawyer-li")

    log_in(page, veteran)
    page.goto("/workspace/")
    page.click("[data-section='counsel.requester'] .workspace-links a[href='/counsel/']")
    page.click("a[href='/counsel/new/']")
    page.click("main [type=submit]")  # empty: translated field errors, nothing saved
    page.wait_for_selector(".invalid-feedback")
    page.check("input[name=kind][value=legal]")
    page.fill("#id_description", "公司拖欠工资三个月")
    page.fill("#id_preferred_times", "周六上午")
    page.click("main [type=submit]")
    page.wait_for_selector("[data-testid=counsel-status]")
    request = CounselRequest.objects.get(requester=veteran)

    log_in(page, staff)
    page.goto("/staff/")
    page.click("nav a[href='/counsel/staff/']")
    assert "公司拖欠工资" not in page.content()  # the queue shows no content
    page.fill("#id_username", lawyer.username)
    page.select_option("#id_kind", "lawyer")
    page.click("form:has(#id_username) button[type=submit]")
    page.wait_for_selector("text=现在可以为")
    page.select_option(f"#id_r{request.pk}-provider", str(lawyer.counsel_provider.pk))
    page.click(f"form[action='/counsel/staff/requests/{request.pk}/assign/'] button")
    page.wait_for_selector("text=已分配服务人员，您是此申请的工作人员联系人。")

    log_in(page, lawyer)
    page.goto("/workspace/")
    page.click("[data-section='counsel.provider'] .workspace-links a[href='/counsel/provider/']")
    starts = timezone.localtime() + datetime.timedelta(days=2)
    page.fill("#id_starts_at", starts.strftime("%Y-%m-%dT10:00"))
    page.fill("#id_place", "区法律援助中心")
    page.click("text=添加时段")
    page.wait_for_selector("[data-testid=counsel-slot]")

    log_in(page, veteran)
    page.goto(f"/counsel/requests/{request.pk}/")
    page.check("input[name=slot]")
    page.click("text=预约这个时间")
    page.wait_for_selector("text=预约成功。")
    assert "区法律援助中心" in page.inner_text("[data-testid=counsel-appointment]")

    log_in(page, lawyer)
    page.goto("/counsel/provider/")
    page.click(f"a[href='/counsel/requests/{request.pk}/']")
    page.fill("#id_text", "内部：证据需补充")
    page.click("button:text('记录结果')")
    page.wait_for_selector("text=结果已记录。")
    page.fill("#id_text", "建议先申请劳动仲裁，材料清单已给出")
    page.check("#id_shareable")
    page.click("button:text('记录结果')")
    page.wait_for_selector("text=结果已记录。")
    page.click("button:text('结案')")
    page.wait_for_selector("text=申请已结案。")

    log_in(page, veteran)
    page.goto("/counsel/")
    page.click(f"a[href='/counsel/requests/{request.pk}/']")
    notes = page.inner_text("body")
    assert "建议先申请劳动仲裁" in notes and "证据需补充" not in notes
    page.check("input[name=rating][value='4']")
    page.click("text=提交评价")
    page.wait_for_selector("[data-testid=counsel-rating]")
    request.refresh_from_db()
    assert (request.status, request.rating) == ("closed", 4)
    readers = set(
        AuditLog.objects.filter(action="unmask", target_type="counsel.CounselRequest").values_list("actor", flat=True)
    )
    assert readers == {veteran.pk, lawyer.pk}  # staff assigned without reading the content
