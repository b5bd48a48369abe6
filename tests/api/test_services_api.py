"""The API of the shell's services (issue 19): published policy and news searched like the page, a person's
counselling requests (content for its three parties only, each read audited) and their one-stop applications."""

import datetime

import pytest
from django.utils import timezone

from portal.counsel import services as counsel
from portal.models import AuditLog
from portal.news import services as news
from portal.onestop.services import onestop_submit
from tests.factories import StaffFactory, UserFactory, VeteranFactory

pytestmark = pytest.mark.django_db


def test_articles_are_listed_searched_and_read_only_when_published(client):
    staff = StaffFactory()
    data = {"kind": "policy", "category": "employment", "title": "退役军人专岗招聘实施办法", "body": "专岗"}
    published = news.article_publish(article=news.article_save(staff_user=staff, data=data), staff_user=staff)
    draft = news.article_save(staff_user=staff, data={**data, "title": "征求意见稿"})
    listed = client.get("/api/v1/articles/", {"q": "专岗招聘"}).json()
    assert [a["id"] for a in listed["results"]] == [published.pk]
    assert client.get(f"/api/v1/articles/{published.pk}/").json()["title"] == "退役军人专岗招聘实施办法"
    assert client.get(f"/api/v1/articles/{draft.pk}/").status_code == 404
    assert client.post("/api/v1/articles/", {"title": "x"}).status_code in (403, 405)


def test_a_counselling_request_through_the_api_is_its_parties_alone_and_reads_are_audited(client):
    veteran, other, staff = VeteranFactory(), VeteranFactory(), StaffFactory()
    client.force_login(veteran)
    bad = client.post("/api/v1/counsel-requests/", {"kind": "legal", "description": "", "preferred_times": "周六"})
    assert bad.status_code == 400 and "description" in bad.json()
    created = client.post(
        "/api/v1/counsel-requests/", {"kind": "legal", "description": "欠薪", "preferred_times": "周六上午"}
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    assert "description" not in client.get("/api/v1/counsel-requests/").json()["results"][0]
    assert client.get(f"/api/v1/counsel-requests/{pk}/").json()["description"] == "欠薪"
    assert AuditLog.objects.filter(target_id=str(pk), action="unmask", actor=veteran).count() == 1
    for outsider in (other, staff, UserFactory()):
        client.force_login(outsider)
        assert client.get(f"/api/v1/counsel-requests/{pk}/").status_code == 404
        assert client.post(f"/api/v1/counsel-requests/{pk}/rate/", {"rating": 5}).status_code == 404
    assert AuditLog.objects.filter(target_id=str(pk), action="unmask").count() == 1

    lawyer = counsel.provider_mark(user=UserFactory(), staff_user=staff, kind="lawyer")
    request = counsel.CounselRequest.objects.get(pk=pk)
    counsel.request_assign(request=request, staff_user=staff, provider=lawyer)
    slot = counsel.slot_add(
        provider=lawyer, starts_at=timezone.now() + datetime.timedelta(days=2), minutes=60, place="法律援助中心"
    )
    client.force_login(veteran)
    assert client.post(f"/api/v1/counsel-requests/{pk}/book/", {"slot": 10**8}).status_code == 400
    booked = client.post(f"/api/v1/counsel-requests/{pk}/book/", {"slot": slot.pk})
    assert booked.status_code == 200 and booked.json()["appointment"]["id"] == slot.pk
    assert client.post(f"/api/v1/counsel-requests/{pk}/rate/", {"rating": 5}).status_code == 400  # not closed


def test_a_veteran_reads_their_own_one_stop_bundles_only(client):
    veteran, other = VeteranFactory(), VeteranFactory()
    bundle = onestop_submit(veteran_user=veteran, created_by=veteran)
    client.force_login(veteran)
    listed = client.get("/api/v1/onestop-bundles/").json()["results"]
    assert [b["id"] for b in listed] == [bundle.pk]
    assert {p["kind"] for p in listed[0]["parts"]} >= {"jobseeking"}
    client.force_login(other)
    assert client.get(f"/api/v1/onestop-bundles/{bundle.pk}/").status_code == 404
