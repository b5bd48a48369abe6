"""Anonymous visitors' job search pages come from a whole-page cache; nothing personal may ever be shared."""

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.cache import cache
from django.test import Client, RequestFactory

from jobs.models import Position
from portal.cache import cache_shared_page
from tests import factories
from tests.jobs.factories import PositionFactory

pytestmark = pytest.mark.django_db


def test_anonymous_page_is_served_from_the_cache_until_it_expires(client):
    position = PositionFactory(title="无人机飞手")
    first = client.get("/jobs/?q=无人机")
    assert "无人机飞手" in first.content.decode()
    Position.objects.filter(pk=position.pk).update(title="无人机飞手（急聘）")
    cached = client.get("/jobs/?q=无人机")
    assert cached.content == first.content  # a minute old at most (the ranked ids are cached as long)
    assert "无人机飞手（急聘）" in client.get(f"/jobs/{position.pk}/").content.decode()  # detail pages are fresh
    cache.clear()  # what a minute does
    assert "无人机飞手（急聘）" in client.get("/jobs/?q=无人机").content.decode()


def test_result_rows_are_not_loaded_when_their_html_is_cached(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for n in range(3):
        PositionFactory(title=f"电商直播运营{n}")
    client.force_login(factories.VeteranFactory())
    with CaptureQueriesContext(connection) as first:
        client.get("/jobs/?q=电商直播")
    with CaptureQueriesContext(connection) as second:  # same ids: no ranking and no rows (session, user: yes)
        page = client.get("/jobs/?q=电商直播").content.decode()
    assert any("jobs_position" in q["sql"] for q in first.captured_queries)
    assert not any("jobs_position" in q["sql"] for q in second.captured_queries)
    assert page.count('data-testid="position-item"') == 3


def test_cached_page_has_no_csrf_token_or_cookie_and_language_is_part_of_the_key(client):
    PositionFactory(title="驾驶员")
    zh = client.get("/jobs/?q=驾驶员")
    assert "csrfmiddlewaretoken" not in zh.content.decode() and not zh.cookies
    en = client.get("/jobs/?q=驾驶员", HTTP_ACCEPT_LANGUAGE="en")
    assert 'lang="en"' in en.content.decode() and 'lang="zh-hans"' in zh.content.decode()
    assert client.get("/jobs/?q=驾驶员").content == zh.content


def test_signed_in_users_always_get_their_own_fresh_page(client):
    PositionFactory(title="保安队长")
    client.get("/jobs/?q=保安")  # cached for anonymous visitors
    user = factories.VeteranFactory(username="zhang-san-2026")
    client.force_login(user)
    page = client.get("/jobs/?q=保安").content.decode()
    assert "zhang-san-2026" in page and "csrfmiddlewaretoken" in page  # the logout form
    client.logout()
    assert "zhang-san-2026" not in client.get("/jobs/?q=保安").content.decode()


def test_language_can_be_switched_without_a_csrf_token():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/jobs/"})
    assert response.status_code == 302 and response.cookies["django_language"].value == "en"


def _view_counting_calls(calls, *, set_cookie=False, status=200):
    @cache_shared_page(60, prefix=f"test-{set_cookie}-{status}")
    def view(request):
        from django.http import HttpResponse

        calls.append(1)
        response = HttpResponse(f"call {len(calls)}", status=status)
        if set_cookie:
            response.set_cookie("visitor", "x")
        return response

    return view


def _anonymous_get(path="/p/"):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


@pytest.mark.parametrize(("set_cookie", "status"), [(True, 200), (False, 404)])
def test_responses_that_set_a_cookie_or_are_not_200_are_never_stored(set_cookie, status):
    calls = []
    view = _view_counting_calls(calls, set_cookie=set_cookie, status=status)
    view(_anonymous_get())
    view(_anonymous_get())
    assert len(calls) == 2


def test_a_visitor_with_a_message_waiting_gets_a_fresh_page_and_the_message():
    calls = []
    view = _view_counting_calls(calls)
    assert view(_anonymous_get()).content == b"call 1"
    request = _anonymous_get()
    get_messages(request).add(20, "你已退出登录")
    assert view(request).content == b"call 2"
    assert [str(m) for m in get_messages(request)] == ["你已退出登录"]  # not consumed by the cache check
    assert view(_anonymous_get()).content == b"call 1"
    assert view(_anonymous_get("/p/?page=2")).content == b"call 3"


def test_an_expired_page_is_rendered_again_by_one_request_while_others_get_the_previous_copy():
    import time
    from unittest import mock

    calls = []
    view = _view_counting_calls(calls)
    assert view(_anonymous_get()).content == b"call 1"
    later = time.time() + 61
    with mock.patch("portal.cache.time.time", return_value=later):
        # Another request holds the refresh lock (cache.add fails): this one gets the previous copy.
        with mock.patch.object(cache, "add", return_value=False):
            assert view(_anonymous_get()).content == b"call 1"
        assert len(calls) == 1
        # This one takes the lock and renders; the next one gets the new copy.
        assert view(_anonymous_get()).content == b"call 2"
        assert view(_anonymous_get()).content == b"call 2"
    assert len(calls) == 2
