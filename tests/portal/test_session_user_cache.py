"""The signed-in user's row from the cache (portal.user_cache.session_user) and the header's menus kept rendered
(base.html, includes/header_nav.html): no user query on the next page, and every change — the user row saved or
updated by a service, a password, "sign out everywhere", a role, a notice read, the language — seen on the very
next request."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal import user_cache
from portal.models import Role
from portal.services.notifications import notification_mark_read, notify
from portal.services.tokens import user_sign_out_everywhere
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _user_queries(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in captured.captured_queries if 'FROM "portal_user"' in query["sql"]]


def _header(client) -> str:
    page = client.get(reverse("portal:home")).content.decode()
    return page.split('id="mainNav"')[1].split("</nav>")[0]


def _menus(client) -> str:
    return _header(client).split('<ul class="navbar-nav align-items-xl-center">')[0]


def _signed_in(client) -> bool:
    return 'action="/accounts/logout/"' in client.get(reverse("portal:home")).content.decode()


def test_the_second_page_reads_the_user_row_from_the_cache(client, veteran):
    client.force_login(veteran)
    url = reverse("jobs:index") + "?q=驾驶"
    assert _user_queries(client, url)  # the first page reads the row and keeps it
    assert _user_queries(client, url) == []
    assert veteran.username in client.get(url).content.decode()


def test_the_cached_row_leaves_out_the_password_and_the_phone(client, veteran):
    client.force_login(veteran)
    client.get(reverse("portal:home"))
    row = user_cache.cache.get(user_cache._row_key(veteran.pk))
    assert row is not None and not set(row.names) & user_cache.ROW_LEFT_OUT
    assert veteran.password not in repr(row.values)


def test_a_deactivated_user_is_signed_out_on_the_next_request(client, veteran):
    client.force_login(veteran)
    assert _signed_in(client) and _signed_in(client)
    veteran.is_active = False
    veteran.save()
    assert not _signed_in(client)


def test_a_new_password_ends_the_other_sessions_at_once(client, veteran):
    client.force_login(veteran)
    assert _signed_in(client) and _signed_in(client)
    veteran.set_password("another-pass-5678")
    veteran.save()
    assert not _signed_in(client)


def test_sign_out_everywhere_is_seen_through_the_cached_row(client, veteran):
    """The service raises the generation with a queryset update (no signal): it forgets the row itself."""
    client.force_login(veteran)
    assert _signed_in(client) and _signed_in(client)
    user_sign_out_everywhere(user=veteran)
    assert not _signed_in(client)


def test_a_new_username_shows_in_the_header_on_the_next_page(client, veteran):
    client.force_login(veteran)
    assert veteran.username in _header(client)
    veteran.username = "renamed-veteran"
    veteran.save()
    assert "renamed-veteran" in _header(client)


def test_a_role_granted_shows_in_the_kept_menus_on_the_next_page(client):
    user = UserFactory()
    client.force_login(user)
    staff_link = reverse("portal:staff_dashboard")
    assert staff_link not in _header(client) and staff_link not in _header(client)  # the menus are kept now
    user.groups.add(Group.objects.get_or_create(name=Role.STAFF)[0])
    assert staff_link in _header(client)
    user.groups.clear()
    assert staff_link not in _header(client)


def test_a_notice_read_leaves_the_header_at_once(client, veteran):
    client.force_login(veteran)
    notify(recipient=veteran, event_key="cache-1", kind="system", title="你好", email=False, sms=False)
    assert 'data-testid="unread-count"' in _header(client)
    notification_mark_read(user=veteran)
    assert 'data-testid="unread-count"' not in _header(client)


def test_the_kept_menus_follow_the_language(client, veteran):
    client.force_login(veteran)
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    chinese = _menus(client)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = _menus(client)
    assert ">Jobs<" in english and ">岗位<" in chinese
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert _menus(client) == chinese


def test_visitors_share_one_kept_menu_and_never_see_a_users(client, veteran):
    anonymous = _header(client)
    signed_in = client.__class__()
    signed_in.force_login(veteran)
    mine = _header(signed_in)
    assert _header(client) == anonymous and veteran.username not in anonymous and mine != anonymous


def test_role_checks_take_the_groups_from_the_record_and_see_a_change_on_the_next_page(client):
    from tests.factories import OrgMemberFactory
    from tests.jobs.factories import PositionFactory

    employer = OrgMemberFactory(org_type="employer")
    other = PositionFactory()  # another employer's: only bureau staff may see its candidates
    url = reverse("jobs:position_candidates", args=[other.pk])
    client.force_login(employer)
    assert client.get(url).status_code == 404  # is_bureau_staff said no; the record is kept now
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 404
    assert not any('"auth_group"' in q["sql"] for q in queries.captured_queries)
    employer.groups.add(Group.objects.get(name=Role.STAFF))  # the m2m signal makes the record stale
    assert client.get(url).status_code == 200
