"""Elder mode (适老化): remembered per browser in a cookie and drawn by the server from it, and per account for a
signed-in person (portal.elder, portal.services.preferences, issue 17 item 4)."""

import pytest
from django.test import Client
from django.urls import reverse

from portal.elder import COOKIE
from tests.factories import OrgMemberFactory, UserFactory, VeteranFactory

pytestmark = pytest.mark.django_db

ELDER_HTML = '<html lang="zh-hans" class="elder-mode">'


def test_a_visitor_switches_it_on_for_this_browser_only_without_a_csrf_token():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("portal:elder_mode"), {"on": "1", "next": "/jobs/"})
    assert response.status_code == 302 and response["Location"] == "/jobs/"
    assert response.cookies[COOKIE].value == "1"
    assert ELDER_HTML in client.get("/").content.decode()
    client.post(reverse("portal:elder_mode"), {"on": "0"})
    assert ELDER_HTML not in client.get("/").content.decode()


def test_a_signed_in_person_saves_it_on_the_account_and_it_follows_them_to_another_browser():
    user = VeteranFactory()
    client = Client()
    client.force_login(user)
    response = client.post(reverse("portal:elder_mode"), {"on": "1"}, HTTP_X_REQUESTED_WITH="fetch")
    assert response.status_code == 204 and response.cookies[COOKIE].value == "1"
    user.refresh_from_db()
    assert user.elder_mode is True
    other_browser = Client()  # no cookie yet: the account's choice applies
    other_browser.force_login(user)
    assert ELDER_HTML in other_browser.get(reverse("portal:workspace")).content.decode()
    other_browser.cookies[COOKIE] = "0"  # this browser's latest choice wins
    assert ELDER_HTML not in other_browser.get(reverse("portal:workspace")).content.decode()


def test_the_account_write_is_csrf_checked():
    user = UserFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post(reverse("portal:elder_mode"), {"on": "1"}).status_code == 403
    user.refresh_from_db()
    assert user.elder_mode is False


def test_the_switch_is_a_post_and_refuses_an_outside_next():
    client = Client()
    assert client.get(reverse("portal:elder_mode")).status_code == 405
    response = client.post(reverse("portal:elder_mode"), {"on": "1", "next": "https://evil.example/"})
    assert response["Location"] == reverse("portal:home")


def test_elder_mode_shows_the_roles_main_tasks_as_the_menu(client):
    employer = OrgMemberFactory(org_type="employer")
    client.force_login(employer)
    client.cookies[COOKIE] = "1"
    page = client.get(reverse("portal:workspace")).content.decode()
    elder_menu = page.split('class="navbar-nav me-auto nav-elder"')[1].split("</ul>")[0]
    assert elder_menu.count("<li") <= 6  # the workspace and at most five main tasks
    for path in ("/workspace/", "/jobs/employer/", "/jobs/employer/positions/new/"):
        assert f'href="{path}"' in elder_menu


def test_anonymous_pages_are_cached_apart_for_elder_mode(client):
    plain = client.get("/jobs/").content.decode()
    client.cookies[COOKIE] = "1"
    elder = client.get("/jobs/").content.decode()
    assert 'class="elder-mode"' not in plain and 'class="elder-mode"' in elder
