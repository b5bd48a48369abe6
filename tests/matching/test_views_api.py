"""Pages and API: a veteran's recommendations, an employer's candidates (own positions only, masked, opted in)."""

import pytest

from tests import factories
from tests.matching.factories import make_position, make_veteran

pytestmark = pytest.mark.django_db


def test_recommended_page_shows_matches_with_chinese_reasons(client):
    driver = make_veteran(specialties=["M01"], region_code="350102")
    make_position(title="物流车驾驶员", category_code="0101", region_code="350104")
    client.force_login(driver)
    response = client.get("/jobs/recommended/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "物流车驾驶员" in html and "您的汽车驾驶专业与本岗位匹配" in html and "同城" in html


def test_recommended_page_asks_unverified_users_to_complete_profile(client):
    client.force_login(factories.UserFactory())
    response = client.get("/jobs/recommended/")
    assert response.status_code == 200
    assert "完成退役报到" in response.content.decode()


def test_recommended_page_needs_login(client):
    assert client.get("/jobs/recommended/").status_code == 302


def test_api_lists_recommendations_best_first(api_client):
    driver = make_veteran(specialties=["M01"], region_code="350102")
    good = make_position(title="驾驶员", category_code="0101", region_code="350102")
    make_position(title="厨师", category_code="0601", region_code="530302")
    api_client.force_authenticate(driver)
    data = api_client.get("/api/v1/recommendations/positions/").json()
    assert data["count"] == 2
    first = data["results"][0]
    assert first["id"] == good.pk and first["score"] > data["results"][1]["score"]
    assert "同区县" in first["reasons"]


def test_api_refuses_users_without_a_verified_profile(api_client):
    api_client.force_authenticate(factories.UserFactory())
    assert api_client.get("/api/v1/recommendations/positions/").status_code == 403
    api_client.force_authenticate(None)
    assert api_client.get("/api/v1/recommendations/positions/").status_code in (401, 403)


def test_employer_sees_masked_opted_in_candidates_for_own_position(client, api_client):
    employer = factories.OrgMemberFactory(org_type="employer")
    position = make_position(title="驾驶员", organization=employer.organization)
    make_veteran(specialties=["M01"], open_to_employers=True, real_name="李建国")
    make_veteran(specialties=["M01"], open_to_employers=False, real_name="赵卫东")
    client.force_login(employer)
    html = client.get(f"/jobs/recommended/positions/{position.pk}/candidates/").content.decode()
    assert "李**" in html and "李建国" not in html and "赵" not in html
    api_client.force_authenticate(employer)
    data = api_client.get(f"/api/v1/recommendations/positions/{position.pk}/veterans/").json()
    assert [r["masked_name"] for r in data["results"]] == ["李**"]
    assert "id_number" not in str(data) and "phone" not in data["results"][0]


def test_other_employer_gets_404_for_candidates(client, api_client):
    position = make_position(organization=factories.OrganizationFactory())
    other = factories.OrgMemberFactory(org_type="employer")
    veteran = make_veteran()
    for user in (other, veteran):
        client.force_login(user)
        assert client.get(f"/jobs/recommended/positions/{position.pk}/candidates/").status_code == 404
        api_client.force_authenticate(user)
        assert api_client.get(f"/api/v1/recommendations/positions/{position.pk}/veterans/").status_code == 404
