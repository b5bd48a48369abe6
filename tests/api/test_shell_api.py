"""The shell's API: token auth, /me/, profile via API, reference lists, notifications, schema."""

import pytest

from portal.models import VeteranProfile
from portal.services.notifications import notify
from portal.synthetic import make_id_number
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_token_by_username_or_email(api_client):
    user = UserFactory(username="tokenuser")
    for login in ["tokenuser", user.email]:
        response = api_client.post("/api/v1/auth/token/", {"login": login, "password": "pass-1234-word"})
        assert response.status_code == 200
        assert response.json()["token"]
    bad = api_client.post("/api/v1/auth/token/", {"login": "tokenuser", "password": "nope"})
    assert bad.status_code == 400 and "密码" in bad.json()["detail"]


def test_me_requires_authentication(api_client):
    assert api_client.get("/api/v1/me/").status_code in (401, 403)


def test_me_with_token_shows_roles_and_masked_profile(api_client, veteran):
    token = api_client.post("/api/v1/auth/token/", {"login": veteran.username, "password": "pass-1234-word"}).json()
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token['token']}")
    data = api_client.get("/api/v1/me/").json()
    assert "veteran" in data["roles"]
    profile = data["veteran_profile"]
    assert profile["masked_id_number"] == veteran.veteran_profile.masked_id_number
    assert "id_number" not in profile


def test_profile_via_api_validates_id_number(api_client):
    user = UserFactory()
    api_client.force_authenticate(user)
    from portal.models import Region

    payload = {
        "real_name": "赵六",
        "phone": "13700000000",
        "region": Region.objects.get(code="350102").pk,
        "id_number": "350102199001010017",
        "id_number_consent": True,
    }
    response = api_client.put("/api/v1/me/profile/", payload, format="json")
    assert response.status_code == 400 and "id_number" in response.json()
    assert not VeteranProfile.objects.filter(user=user).exists()
    payload["id_number"] = make_id_number(seq=501)
    response = api_client.put("/api/v1/me/profile/", payload, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "submitted"
    assert payload["id_number"] not in response.content.decode()


def test_regions_api_children(api_client):
    provinces = api_client.get("/api/v1/regions/").json()
    assert len(provinces) == 31
    fujian = next(p for p in provinces if p["code"] == "350000")
    cities = api_client.get(f"/api/v1/regions/?parent={fujian['id']}").json()
    assert any(c["name"] == "福州市" for c in cities)


def test_notifications_api_is_scoped_to_the_user(api_client):
    me, other = UserFactory(), UserFactory()
    notify(recipient=me, event_key="a", kind="t", title="mine")
    theirs = notify(recipient=other, event_key="b", kind="t", title="theirs")
    api_client.force_authenticate(me)
    results = api_client.get("/api/v1/notifications/").json()["results"]
    assert [n["title"] for n in results] == ["mine"]
    assert api_client.get(f"/api/v1/notifications/{theirs.pk}/").status_code == 404
    assert api_client.post("/api/v1/notifications/read/").json() == {"marked": 1}


def test_openapi_schema_and_docs_are_served_locally(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200 and b"openapi" in schema.content
    docs = client.get("/api/docs/").content.decode()
    assert "cdn" not in docs.lower() and "/static/drf_spectacular_sidecar/" in docs
