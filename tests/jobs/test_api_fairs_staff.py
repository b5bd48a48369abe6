"""The fairs API's staff writes (POST/PUT/PATCH /api/v1/fairs/): staff only, the service's rules and messages."""

import datetime

import pytest
from django.utils import timezone

from jobs.models import JobFair
from jobs.services.fair_registrations import fair_register
from portal.models import AuditLog
from tests.factories import OrgMemberFactory, StaffFactory, VeteranFactory
from tests.jobs.factories import JobFairFactory

pytestmark = pytest.mark.django_db


def api_payload(**changes) -> dict:
    starts = timezone.now() + datetime.timedelta(days=7)
    data = {
        "title": "网络直播招聘会",
        "kind": "livestream",
        "organizer": "福建省退役军人事务厅",
        "region": "350100",
        "stream_url": "https://live.example.cn/fair/2",
        "starts_at": starts.isoformat(),
        "ends_at": (starts + datetime.timedelta(hours=3)).isoformat(),
        "registration_opens_at": timezone.now().isoformat(),
        "registration_closes_at": starts.isoformat(),
        "capacity": 2000,
        "booth_count": 0,
    }
    return {**data, **changes}


def test_api_staff_create_and_patch_a_fair(api_client):
    staff = StaffFactory()
    api_client.force_authenticate(staff)
    response = api_client.post("/api/v1/fairs/", api_payload(), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["region"] == "350100" and body["kind"] == "livestream" and body["capacity"] == 2000
    fair = JobFair.objects.get(pk=body["id"])
    assert fair.created_by == staff
    response = api_client.patch(f"/api/v1/fairs/{fair.pk}/", {"capacity": 2500, "is_published": False}, format="json")
    assert response.status_code == 200 and response.json()["capacity"] == 2500
    # Unpublished fairs are still the staff's to correct.
    assert api_client.patch(f"/api/v1/fairs/{fair.pk}/", {"title": "改名"}, format="json").status_code == 200
    assert AuditLog.objects.filter(target_id=str(fair.pk), detail__event="fair_update").count() == 2


@pytest.mark.parametrize("user_kind", ["anonymous", "veteran", "employer"])
def test_api_refuses_fair_writes_to_everyone_but_staff(api_client, user_kind):
    if user_kind == "veteran":
        api_client.force_authenticate(VeteranFactory())
    elif user_kind == "employer":
        api_client.force_authenticate(OrgMemberFactory(org_type="employer"))
    fair = JobFairFactory(title="原标题")
    assert api_client.post("/api/v1/fairs/", api_payload(), format="json").status_code == 403
    assert api_client.patch(f"/api/v1/fairs/{fair.pk}/", {"title": "x"}, format="json").status_code == 403
    assert api_client.put(f"/api/v1/fairs/{fair.pk}/", api_payload(), format="json").status_code == 403
    assert api_client.delete(f"/api/v1/fairs/{fair.pk}/").status_code in (403, 405)
    fair.refresh_from_db()
    assert fair.title == "原标题" and JobFair.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "changes", "message"),
    [
        ("stream_url", {"stream_url": ""}, "Online and live-stream fairs need a link."),
        ("stream_url", {"stream_url": "ftp://x.cn/a"}, "Enter a web address starting with http:// or https://."),
        ("capacity", {"capacity": 0}, "A fair needs room for at least one veteran."),
        ("booth_count", {"booth_count": -1}, "The number of booths cannot be negative."),
        ("venue", {"kind": "onsite"}, "An on-site fair needs a venue."),
        ("ends_at", {"ends_at": "2020-01-01T00:00:00+08:00"}, "The fair must end after it starts."),
        ("region", {"region": "999999"}, None),
    ],
)
def test_api_answers_400_with_the_rules_messages(api_client, field, changes, message):
    api_client.force_authenticate(StaffFactory())
    response = api_client.post("/api/v1/fairs/", api_payload(**changes), format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    errors = response.json()
    assert field in errors
    if message:
        assert message in errors[field]
    assert not JobFair.objects.exists()


def test_api_patch_refuses_a_capacity_below_the_veterans_registered(api_client):
    fair = JobFairFactory(capacity=5)
    fair_register(fair=fair, user=VeteranFactory())
    fair_register(fair=fair, user=VeteranFactory())
    api_client.force_authenticate(StaffFactory())
    response = api_client.patch(f"/api/v1/fairs/{fair.pk}/", {"capacity": 1}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json() == {"capacity": ["2 veterans are already registered; the capacity cannot be lower."]}
    fair.refresh_from_db()
    assert fair.capacity == 5
