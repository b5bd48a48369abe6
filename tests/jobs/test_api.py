"""The jobs API: search, apply, scoped applications, fairs; refusals answer 400/404 with clear messages."""

import datetime

import pytest
from django.utils import timezone

from jobs.models import Application, Position
from jobs.services.applications import application_submit
from tests.factories import OrgMemberFactory
from tests.jobs.factories import JobFairFactory, PositionFactory, leaf_category

pytestmark = pytest.mark.django_db


def test_positions_search_is_public(api_client):
    PositionFactory(title="无人机飞手")
    PositionFactory(title="保安员")
    response = api_client.get("/api/v1/positions/", {"q": "无人机"})
    assert response.status_code == 200
    assert [p["title"] for p in response.json()["results"]] == ["无人机飞手"]


def test_employer_creates_and_cannot_touch_others(api_client, employer_member):
    api_client.force_authenticate(employer_member)
    payload = {
        "title": "电商直播运营",
        "description": "抖音店铺直播带货",
        "category": leaf_category().code,
        "region": "350102",
        "salary_min": 5000,
        "salary_max": 8000,
        "headcount": 2,
        "skills": ["直播"],
    }
    response = api_client.post("/api/v1/positions/", payload, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "draft"
    bad = api_client.post("/api/v1/positions/", {**payload, "salary_min": 9000}, format="json")
    assert bad.status_code == 400 and "salary_max" in bad.json()
    foreign = PositionFactory(status=Position.Status.DRAFT)
    assert api_client.patch(f"/api/v1/positions/{foreign.pk}/", {"title": "x"}, format="json").status_code == 404


def test_veteran_applies_twice_gets_400(api_client, veteran):
    position = PositionFactory()
    api_client.force_authenticate(veteran)
    assert (
        api_client.post(f"/api/v1/positions/{position.pk}/apply/", {"note": "hi", "share_consent": True}).status_code
        == 201
    )
    second = api_client.post(f"/api/v1/positions/{position.pk}/apply/", {})
    assert second.status_code == 400


def test_applications_are_scoped(api_client, veteran, employer_member):
    own = application_submit(
        share_consent=True,
        channel="web",
        position=PositionFactory(organization=employer_member.organization),
        veteran=veteran,
    )
    foreign = application_submit(share_consent=True, channel="web", position=PositionFactory(), veteran=veteran)
    api_client.force_authenticate(employer_member)
    ids = [a["id"] for a in api_client.get("/api/v1/applications/").json()["results"]]
    assert ids == [own.pk]
    assert api_client.post(f"/api/v1/applications/{foreign.pk}/status/", {"status": "viewed"}).status_code == 404
    ok = api_client.post(f"/api/v1/applications/{own.pk}/status/", {"status": "intent"})
    assert ok.status_code == 200 and ok.json()["status"] == Application.Status.INTENT
    api_client.force_authenticate(OrgMemberFactory(org_type="employer"))
    assert api_client.get(f"/api/v1/applications/{own.pk}/").status_code == 404


def test_fair_register_check_in_and_stats(api_client, veteran, staff_user):
    fair = JobFairFactory(capacity=1, starts_at=timezone.now() + datetime.timedelta(minutes=30))  # check-in open
    api_client.force_authenticate(veteran)
    response = api_client.post(f"/api/v1/fairs/{fair.pk}/register/")
    assert response.status_code == 201
    token = response.json()["check_in_token"]
    assert api_client.post(f"/api/v1/fairs/{fair.pk}/register/").status_code == 400
    assert api_client.post(f"/api/v1/fairs/{fair.pk}/check-in/", {"token": token}).status_code == 403
    api_client.force_authenticate(staff_user)
    first = api_client.post(f"/api/v1/fairs/{fair.pk}/check-in/", {"token": token}).json()
    again = api_client.post(f"/api/v1/fairs/{fair.pk}/check-in/", {"token": token}).json()
    assert first["already_checked_in"] is False and again["already_checked_in"] is True
    assert api_client.post(f"/api/v1/fairs/{fair.pk}/check-in/", {"token": token + "x"}).status_code == 400
    stats = api_client.get(f"/api/v1/fairs/{fair.pk}/stats/").json()
    assert stats["registered"] == 1 and stats["checked_in"] == 1
    assert api_client.get(f"/api/v1/fairs/{fair.pk}/booths/").status_code == 200
