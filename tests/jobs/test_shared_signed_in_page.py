"""The job search shared between signed-in users (portal.cache, `signed_in=True`): one stored copy per record shape,
each reader's own name, unread count and CSRF token filled in; nothing of one user ever reaches another."""

import re
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from portal.services.notifications import notify
from tests import factories
from tests.jobs.factories import PositionFactory

pytestmark = pytest.mark.django_db

SEARCH = "/jobs/?q=驾驶员"


def _signed_in(user, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


def _page_and_renders(client, path=SEARCH) -> tuple[str, int]:
    """The page, and how many times the view ran (0: the stored copy was served)."""
    from jobs.views import positions

    with mock.patch.object(positions, "search_result_ids", wraps=positions.search_result_ids) as ranking:
        page = client.get(path).content.decode()
    return page, ranking.call_count


def test_a_second_veteran_gets_the_stored_copy_with_their_own_name_count_and_token():
    PositionFactory(title="货车驾驶员")
    first, second = factories.VeteranFactory(username="li-lei-1970"), factories.VeteranFactory(username="han-mei")
    notify(recipient=second, event_key="t:1", kind="test", title="一条通知")
    notify(recipient=second, event_key="t:2", kind="test", title="又一条通知")

    page_one, rendered = _page_and_renders(_signed_in(first))
    client = _signed_in(second, enforce_csrf_checks=True)
    page_two, renders = _page_and_renders(client)

    assert rendered and not renders  # the second came from the stored copy
    assert "货车驾驶员" in page_two and 'data-testid="save-search"' in page_two
    assert "han-mei" in page_two and "li-lei-1970" not in page_two
    assert "li-lei-1970" in page_one and "han-mei" not in page_one
    assert re.search(r'data-testid="unread-count">2<', page_two) and 'data-testid="unread-count"' not in page_one
    assert "pagehole" not in page_one + page_two
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page_two).group(1)
    saved = client.post(
        reverse("jobs:saved_search_save"), {"q": "驾驶员", "frequency": "daily", "csrfmiddlewaretoken": token}
    )
    assert saved.status_code == 302  # the filled-in token is the reader's own, accepted


def test_users_whose_menus_differ_never_share_a_copy():
    PositionFactory(title="驾驶员")
    veteran_page, _ = _page_and_renders(_signed_in(factories.VeteranFactory()))
    employer_page, renders = _page_and_renders(_signed_in(factories.OrgMemberFactory(org_type="employer")))
    assert renders  # rendered for its own shape
    assert 'data-testid="save-search"' in veteran_page and 'data-testid="save-search"' not in employer_page


def test_staff_and_a_user_with_a_message_waiting_get_a_fresh_page():
    PositionFactory(title="驾驶员")
    _page_and_renders(_signed_in(factories.StaffFactory()))
    _page, renders = _page_and_renders(_signed_in(factories.StaffFactory()))
    assert renders

    veteran = factories.VeteranFactory()
    _page_and_renders(_signed_in(factories.VeteranFactory()))  # stored for the veterans' shape
    client = _signed_in(veteran)
    client.post(reverse("jobs:saved_search_save"), {"q": "驾驶员", "frequency": "daily"})  # "saved": a message
    page, renders = _page_and_renders(client)
    assert 'class="alert' in page and renders


def test_an_unread_count_read_away_shows_at_once_on_the_stored_copy():
    PositionFactory(title="驾驶员")
    veteran = factories.VeteranFactory()
    notify(recipient=veteran, event_key="t:1", kind="test", title="通知")
    client = _signed_in(veteran)
    assert 'data-testid="unread-count">1<' in client.get(SEARCH).content.decode()
    from portal.services.notifications import notification_mark_read

    notification_mark_read(user=veteran)
    page, renders = _page_and_renders(client)
    assert not renders and 'data-testid="unread-count"' not in page
