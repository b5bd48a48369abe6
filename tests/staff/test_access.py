"""Every /staff/ page and export refuses non-staff: anonymous → login, signed-in non-staff → 403."""

import pytest

from tests.factories import OrgMemberFactory, VeteranFactory

pytestmark = pytest.mark.django_db

URLS = [
    ("get", "/staff/"),
    ("get", "/staff/veterans/"),
    ("get", "/staff/organizations/"),
    ("get", "/staff/exports/veterans.csv"),
    ("get", "/staff/exports/veterans.xlsx"),
    ("get", "/staff/exports/organizations.csv"),
    ("get", "/staff/exports/audit.xlsx"),
    ("get", "/staff/import/"),
    ("post", "/staff/import/"),
    ("get", "/staff/import/1/"),
    ("post", "/staff/import/1/start/"),
    ("get", "/staff/import/1/status.json"),
    ("get", "/staff/audit/"),
    ("get", "/staff/act/"),
    ("post", "/staff/act/1/start/"),
    ("post", "/staff/act/stop/"),
    ("get", "/staff/act/current/"),
    ("get", "/staff/act/current/profile/"),
    ("get", "/staff/act/current/resume/"),
]


@pytest.mark.parametrize(("method", "url"), URLS)
def test_non_staff_get_403(client, method, url):
    for user in (VeteranFactory(), OrgMemberFactory(org_type="employer")):
        client.force_login(user)
        response = getattr(client, method)(url)
        assert response.status_code == 403, (user, url)


@pytest.mark.parametrize(("method", "url"), URLS)
def test_anonymous_is_sent_to_login(client, method, url):
    response = getattr(client, method)(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_audit_browser_needs_its_permission(client, staff_user):
    client.force_login(staff_user)
    assert client.get("/staff/audit/").status_code == 403
