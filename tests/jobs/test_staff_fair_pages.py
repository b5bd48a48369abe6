"""Staff pages for running fairs (/jobs/staff/fairs/…): who may, what the form refuses (translated, never a 500),
the counts on the list, and booth review with the booth count as the limit."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from jobs.models import Booth, JobFair
from jobs.services.booths import booth_approve
from jobs.services.fair_registrations import fair_register
from portal.models import AuditLog
from tests.factories import OrgMemberFactory, StaffFactory, VeteranFactory, region
from tests.jobs.factories import BoothFactory, JobFairFactory, PositionFactory

pytestmark = pytest.mark.django_db


def local(dt) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def form_data(**changes) -> dict:
    starts = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(days=7)
    data = {
        "title": "退役军人春季专场招聘会",
        "kind": "onsite",
        "organizer": "福州市退役军人事务局",
        "city": region("350100").pk,
        "district": "",
        "description": "百家企业进场招聘",
        "venue": "福州海峡人才市场三楼",
        "stream_url": "",
        "starts_at": local(starts),
        "ends_at": local(starts + datetime.timedelta(hours=5)),
        "registration_opens_at": local(timezone.now()),
        "registration_closes_at": local(starts),
        "capacity": "300",
        "booth_count": "40",
        "is_published": "on",
    }
    return {**data, **changes}


def staff_pages(fair, booth):
    return [
        ("get", reverse("jobs:staff_fairs")),
        ("get", reverse("jobs:staff_fair_new")),
        ("post", reverse("jobs:staff_fair_new")),
        ("get", reverse("jobs:staff_fair_edit", args=[fair.pk])),
        ("post", reverse("jobs:staff_fair_edit", args=[fair.pk])),
        ("get", reverse("jobs:staff_fair_booths", args=[fair.pk])),
        ("post", reverse("jobs:staff_booth_approve", args=[fair.pk, booth.pk])),
        ("post", reverse("jobs:staff_booth_reject", args=[fair.pk, booth.pk])),
    ]


# --- who may ---------------------------------------------------------------------------------------------------


def test_visitors_are_sent_to_sign_in(client):
    fair = JobFairFactory()
    booth = BoothFactory(fair=fair)
    for method, url in staff_pages(fair, booth):
        response = getattr(client, method)(url, form_data() if method == "post" else None)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


@pytest.mark.parametrize("user_kind", ["veteran", "employer"])
def test_veterans_and_employers_get_403(client, user_kind):
    fair = JobFairFactory(title="原标题")
    booth = BoothFactory(fair=fair)
    client.force_login(VeteranFactory() if user_kind == "veteran" else OrgMemberFactory(org_type="employer"))
    for method, url in staff_pages(fair, booth):
        response = getattr(client, method)(url, form_data(reason="x") if method == "post" else None)
        assert response.status_code == 403, url
    fair.refresh_from_db()
    booth.refresh_from_db()
    assert fair.title == "原标题" and booth.status == Booth.Status.PENDING and JobFair.objects.count() == 1


# --- create and edit ---------------------------------------------------------------------------------------------


def test_staff_create_an_on_site_fair_through_the_form(client):
    staff = StaffFactory()
    client.force_login(staff)
    assert client.get(reverse("jobs:staff_fair_new")).status_code == 200
    response = client.post(reverse("jobs:staff_fair_new"), form_data())
    fair = JobFair.objects.get(title="退役军人春季专场招聘会")
    assert response.status_code == 302 and response["Location"] == reverse("jobs:staff_fair_edit", args=[fair.pk])
    assert fair.region.code == "350100" and fair.venue == "福州海峡人才市场三楼"
    assert (fair.capacity, fair.booth_count, fair.is_published, fair.created_by) == (300, 40, True, staff)
    assert AuditLog.objects.filter(actor=staff, target_id=str(fair.pk), detail__event="fair_create").exists()
    assert "退役军人春季专场招聘会" in client.get(reverse("jobs:fair_list")).content.decode()


def test_staff_edit_a_fair_through_the_form(client):
    staff = StaffFactory()
    fair = JobFairFactory(kind=JobFair.Kind.ONSITE)
    client.force_login(staff)
    page = client.get(reverse("jobs:staff_fair_edit", args=[fair.pk])).content.decode()
    assert f'value="{fair.title}"' in page
    data = form_data(kind="livestream", venue="", stream_url="https://live.example.cn/room/8", capacity="500")
    response = client.post(reverse("jobs:staff_fair_edit", args=[fair.pk]), data)
    assert response.status_code == 302
    fair.refresh_from_db()
    assert (fair.kind, fair.stream_url, fair.capacity) == ("livestream", "https://live.example.cn/room/8", 500)


# Each rule, as the page shows it in Chinese (the site's default language).
FORM_RULES = [
    ("ends_at", {"ends_at": "2030-05-01T09:00", "starts_at": "2030-05-01T10:00"}, "招聘会结束时间必须晚于开始时间。"),
    (
        "registration_closes_at",
        {"registration_opens_at": "2030-04-20T09:00", "registration_closes_at": "2030-04-10T09:00"},
        "报名截止时间必须晚于开始时间。",
    ),
    (
        "registration_closes_at",
        {"starts_at": "2030-05-01T09:00", "ends_at": "2030-05-01T17:00", "registration_closes_at": "2030-05-02T09:00"},
        "报名截止时间不得晚于招聘会结束时间。",
    ),
    ("capacity", {"capacity": "0"}, "招聘会至少要能容纳一名退役军人。"),
    ("booth_count", {"booth_count": "-3"}, "展位数不能为负数。"),
    ("venue", {"venue": ""}, "现场招聘会需要填写举办地点。"),
    ("stream_url", {"kind": "online", "venue": ""}, "网络招聘会和直播招聘会需要填写链接。"),
    (
        "stream_url",
        {"kind": "livestream", "stream_url": "rtmp://live.example.cn/a"},
        "请输入以 http:// 或 https:// 开头的网址。",
    ),
]


@pytest.mark.parametrize(("field", "changes", "message"), FORM_RULES)
def test_the_form_refuses_each_rule_with_a_translated_message(client, field, changes, message):
    client.force_login(StaffFactory())
    response = client.post(reverse("jobs:staff_fair_new"), form_data(**changes))
    assert response.status_code == 400
    assert message in response.context["form"].errors[field]
    assert message in response.content.decode()
    assert not JobFair.objects.exists()


def test_the_form_refuses_garbage_without_a_500(client):
    client.force_login(StaffFactory())
    garbage = form_data(kind="circus", city="abc", starts_at="明天", capacity="很多", booth_count="1.5")
    response = client.post(reverse("jobs:staff_fair_new"), garbage)
    assert response.status_code == 400
    assert set(response.context["form"].errors) >= {"kind", "city", "starts_at", "capacity", "booth_count"}


def test_edit_refuses_a_capacity_below_the_veterans_registered(client):
    fair = JobFairFactory(capacity=10)
    for _ in range(3):
        fair_register(fair=fair, user=VeteranFactory())
    client.force_login(StaffFactory())
    response = client.post(reverse("jobs:staff_fair_edit", args=[fair.pk]), form_data(capacity="2"))
    assert response.status_code == 400
    assert "已有 3 名退役军人报名，容纳人数不能再少。" in response.content.decode()
    fair.refresh_from_db()
    assert fair.capacity == 10


def test_edit_refuses_a_booth_count_below_the_booths_approved(client):
    fair = JobFairFactory(booth_count=5)
    staff = StaffFactory()
    for _ in range(2):
        booth_approve(booth=BoothFactory(fair=fair), staff=staff)
    client.force_login(staff)
    response = client.post(reverse("jobs:staff_fair_edit", args=[fair.pk]), form_data(booth_count="1"))
    assert response.status_code == 400
    assert "已批准 2 个展位，展位数不能再少。" in response.content.decode()
    fair.refresh_from_db()
    assert fair.booth_count == 5


# --- the list ----------------------------------------------------------------------------------------------------


def test_the_list_shows_upcoming_and_past_fairs_with_their_counts(client):
    staff = StaffFactory()
    upcoming = JobFairFactory(title="即将举办的招聘会", booth_count=4, capacity=50, is_published=False)
    past_start = timezone.now() - datetime.timedelta(days=30)
    past = JobFairFactory(
        title="上个月的招聘会",
        starts_at=past_start,
        registration_opens_at=past_start - datetime.timedelta(days=5),
    )
    fair_register(fair=upcoming, user=VeteranFactory())
    fair_register(fair=upcoming, user=VeteranFactory())
    booth_approve(booth=BoothFactory(fair=upcoming), staff=staff)
    BoothFactory(fair=upcoming)
    BoothFactory(fair=upcoming)
    BoothFactory(fair=past)
    client.force_login(staff)

    response = client.get(reverse("jobs:staff_fairs"))
    page = response.content.decode()
    assert "即将举办的招聘会" in page and "上个月的招聘会" not in page
    assert '<dd class="col-6 col-md-3 mb-0" data-testid="registered">2 / 50</dd>' in page
    assert 'data-testid="booths-approved">1 / 4</dd>' in page
    assert 'data-testid="booths-pending">2</dd>' in page
    assert reverse("jobs:staff_fairs") in page  # the workbench navigation links here

    page = client.get(reverse("jobs:staff_fairs"), {"when": "past"}).content.decode()
    assert "上个月的招聘会" in page and "即将举办的招聘会" not in page
    assert 'data-testid="booths-pending">1</dd>' in page


def test_the_staff_workbench_links_the_fair_pages(client):
    client.force_login(StaffFactory())
    page = client.get(reverse("portal:staff_dashboard")).content.decode()
    assert f'href="{reverse("jobs:staff_fairs")}"' in page
    assert f'href="{reverse("jobs:staff_review")}"' in page
    review = client.get(reverse("jobs:staff_review")).content.decode()
    assert f'href="{reverse("jobs:staff_fairs")}"' in review


# --- booths ------------------------------------------------------------------------------------------------------


def test_booth_page_lists_requests_with_employer_and_positions(client):
    fair = JobFairFactory()
    booth = BoothFactory(fair=fair, note="需要电源")
    position = PositionFactory(organization=booth.organization, title="叉车司机")
    booth.positions.set([position])
    other_fair_booth = BoothFactory()
    client.force_login(StaffFactory())
    page = client.get(reverse("jobs:staff_fair_booths", args=[fair.pk])).content.decode()
    assert booth.organization.name in page and "叉车司机" in page and "需要电源" in page
    assert other_fair_booth.organization.name not in page


def test_staff_approve_booths_up_to_the_booth_count_and_no_further(client):
    fair = JobFairFactory(booth_count=2)
    booths = [BoothFactory(fair=fair) for _ in range(3)]
    client.force_login(StaffFactory())
    for booth in booths[:2]:
        response = client.post(reverse("jobs:staff_booth_approve", args=[fair.pk, booth.pk]))
        assert response.status_code == 302
    assert [b.number for b in Booth.objects.filter(pk__in=[booths[0].pk, booths[1].pk]).order_by("number")] == [1, 2]

    response = client.post(reverse("jobs:staff_booth_approve", args=[fair.pk, booths[2].pk]), follow=True)
    assert response.status_code == 200
    assert "本场招聘会的 2 个展位已全部分配。" in response.content.decode()
    booths[2].refresh_from_db()
    assert booths[2].status == Booth.Status.PENDING and booths[2].number is None
    assert Booth.objects.filter(fair=fair, status=Booth.Status.APPROVED).count() == 2


def test_reject_needs_a_reason_and_frees_the_number(client):
    fair = JobFairFactory(booth_count=1)
    booth = BoothFactory(fair=fair)
    waiting = BoothFactory(fair=fair)
    client.force_login(StaffFactory())
    client.post(reverse("jobs:staff_booth_approve", args=[fair.pk, booth.pk]))
    response = client.post(reverse("jobs:staff_booth_reject", args=[fair.pk, booth.pk]), {"reason": " "}, follow=True)
    assert "请填写驳回展位的原因。" in response.content.decode()
    booth.refresh_from_db()
    assert booth.status == Booth.Status.APPROVED

    response = client.post(
        reverse("jobs:staff_booth_reject", args=[fair.pk, booth.pk]),
        {"reason": "未按时缴纳布展材料", "status": "approved"},
    )
    assert response["Location"] == reverse("jobs:staff_fair_booths", args=[fair.pk]) + "?status=approved"
    booth.refresh_from_db()
    assert (booth.status, booth.number, booth.rejection_reason) == ("rejected", None, "未按时缴纳布展材料")
    client.post(reverse("jobs:staff_booth_approve", args=[fair.pk, waiting.pk]))
    waiting.refresh_from_db()
    assert waiting.number == 1


def test_a_booth_of_another_fair_answers_404(client):
    fair = JobFairFactory()
    foreign = BoothFactory()
    client.force_login(StaffFactory())
    assert client.post(reverse("jobs:staff_booth_approve", args=[fair.pk, foreign.pk])).status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == Booth.Status.PENDING
