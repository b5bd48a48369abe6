"""Error pages (issue 17, item 6): 404, 403, 500 and a refused form (CSRF) answer in the site layout, translated,
with a way back."""

import pytest
from django.test import Client, override_settings

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_not_found_and_forbidden_are_pages_of_the_site_in_both_languages(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "页面不存在" in page and 'href="/"' in page and "navbar" in page
    client.force_login(UserFactory())
    refused = client.get("/staff/", HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 403 and "navbar" in refused.content.decode()


@override_settings(ROOT_URLCONF="tests.portal.error_urls")
def test_a_server_error_is_a_translated_page_with_a_way_back():
    client = Client(raise_request_exception=False)
    response = client.get("/broken/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "出错了" in page and 'href="/"' in page and "RuntimeError" not in page
    english = client.get("/broken/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Something went wrong" in english


def test_a_refused_form_explains_itself_in_the_layout():
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    response = client.post("/me/notifications/settings/", {})
    assert response.status_code == 403
    page = response.content.decode()
    assert 'data-testid="csrf-refusal"' in page and "表单已失效" in page and "navbar" in page
