"""The signed-in user's cached record (portal.user_cache): fewer queries on the next page, and every change it shows
(groups, staff flag, organizations, profiles, counsellors, notifications) visible on the very next page."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jobs import page_cache
from portal import user_cache
from portal.counsel.services import provider_mark
from portal.models import Organization, Role
from portal.services.notifications import notification_mark_read, notify
from tests.factories import OrganizationFactory, OrgMemberFactory, StaffFactory, UserFactory
from tests.jobs.factories import PositionFactory

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _elder_menu(client) -> str:
    page = client.get(reverse("portal:home")).content.decode()
    return page.split('class="navbar-nav me-auto nav-elder"')[1].split("</ul>")[0]


def _header(client) -> str:
    page = client.get(reverse("portal:home")).content.decode()
    return page.split('id="mainNav"')[1].split("</nav>")[0]


def _tables(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in captured.captured_queries]


HEADER_TABLES = ('"auth_group"', '"portal_notification"', '"counsel_provider"')


def test_the_second_signed_in_page_runs_fewer_queries(client, veteran):
    client.force_login(veteran)
    url = reverse("jobs:index")
    first, second = _tables(client, url), _tables(client, url)
    assert len(second) < len(first)
    # the staff check's groups, the unread count and the menu's counsellor test: asked on the first page only
    assert all(any(table in sql for sql in first) for table in HEADER_TABLES)
    assert not any(table in sql for sql in second for table in HEADER_TABLES)


def test_job_search_and_position_detail_run_a_small_constant_number_of_queries(client, veteran):
    position = PositionFactory()
    client.force_login(veteran)
    search, detail = reverse("jobs:index") + "?q=驾驶", reverse("jobs:position_detail", args=[position.pk])
    _queries(client, search), _queries(client, detail)  # the record is cached by the first page
    # The new positions below make the position page render its kept parts afresh (jobs.page_cache): compare like
    # with like, a page that renders them, before and after.
    page_cache.forget_organizations(position.organization_id)
    small = (_queries(client, search), _queries(client, detail))
    for _ in range(20):
        PositionFactory(organization=position.organization, title="驾驶员")
    assert (_queries(client, search), _queries(client, detail)) == small
    assert small[0] <= 4 and small[1] <= 11
    assert _queries(client, detail) < small[1]  # kept parts: neither the specialties nor the other positions read


def test_a_new_notification_and_reading_it_show_in_the_header_at_once(client, veteran):
    client.force_login(veteran)
    assert 'data-testid="unread-count"' not in _header(client)
    notify(recipient=veteran, event_key="test-1", kind="system", title="你好", email=False, sms=False)
    assert 'data-testid="unread-count">1<' in _header(client)
    notification_mark_read(user=veteran)
    assert 'data-testid="unread-count"' not in _header(client)


@pytest.mark.parametrize("side", ["user", "group"])
def test_joining_the_staff_group_shows_the_staff_menu_on_the_next_page(client, side):
    user = UserFactory()
    client.force_login(user)
    staff_link = reverse("portal:staff_dashboard")
    assert staff_link not in _header(client)
    group = Group.objects.get(name=Role.STAFF)
    user.groups.add(group) if side == "user" else group.user_set.add(user)
    assert staff_link in _header(client)
    group.user_set.clear()
    assert staff_link not in _header(client)


def test_becoming_staff_through_the_user_row_is_seen_by_the_second_factor_check(client, settings):
    settings.STAFF_REQUIRE_MFA = True
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("portal:home")).status_code == 200  # the record is cached: not staff
    user.is_staff = True
    user.save()
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302 and reverse("mfa_activate_totp") in response["Location"]


def test_an_employer_organization_being_verified_shows_its_tasks_in_the_menu(client):
    organization = OrganizationFactory(status=Organization.Status.PENDING)
    member = OrgMemberFactory(organization=organization)
    client.force_login(member)
    employer_home = f'href="{reverse("jobs:employer")}"'
    assert employer_home not in _elder_menu(client)
    organization.status = Organization.Status.VERIFIED
    organization.save()
    assert employer_home in _elder_menu(client)


def test_joining_and_leaving_an_organization_changes_the_menu(client):
    user = UserFactory()
    client.force_login(user)
    merchant_verify = f'href="{reverse("benefits:verify")}"'
    assert merchant_verify not in _elder_menu(client)
    from benefits.models import Industry, Merchant
    from portal.services.organizations import membership_add

    organization = OrganizationFactory(org_type=Organization.Type.MERCHANT)
    membership_add(organization=organization, user=user)
    Merchant.objects.create(organization=organization, industry=Industry.objects.first())
    assert merchant_verify in _elder_menu(client)
    organization.memberships.filter(user=user).delete()
    assert merchant_verify not in _elder_menu(client)


def test_becoming_a_veteran_gives_the_persons_main_tasks(client):
    employer = OrgMemberFactory()
    client.force_login(employer)
    find_a_job = f'href="{reverse("jobs:index")}"'
    assert find_a_job not in _elder_menu(client)  # an employer who is not a veteran gets no 我的服务
    from portal.services.profiles import veteran_profile_save
    from tests.factories import next_id_number, region

    veteran_profile_save(
        user=employer,
        data={"real_name": "王强", "phone": "13900000001", "region": region("350102"), "service_branch": "army"},
        id_number=next_id_number(),
        id_number_basis="web",
    )
    assert find_a_job in _elder_menu(client)


def test_marking_a_counsellor_replaces_the_record(veteran):
    before = user_cache.user_record(veteran)
    user_cache.forget_cached_on(veteran)
    assert user_cache.user_record(veteran) == before  # unchanged: read from the cache
    user_cache.forget_cached_on(veteran)
    provider_mark(user=veteran, staff_user=StaffFactory(), kind="counsellor")
    assert user_cache.user_record(veteran).generation != before.generation


def test_a_record_computed_before_a_change_is_never_served_after_it(veteran):
    """A request that read the old data stores its record under the old generation, which nobody asks for."""
    generation_key = user_cache._generation_key(veteran.pk)
    user_cache.user_record(veteran)
    stale_generation = user_cache.cache.get(generation_key)
    user_cache.forget(veteran.pk)
    assert user_cache.cache.get(generation_key) != stale_generation
    user_cache.forget_cached_on(veteran)
    assert user_cache.user_record(veteran).generation == user_cache.cache.get(generation_key)


def test_permission_checks_still_ask_the_database(client):
    """The record decides only what the header shows: a page a role may open checks the database itself."""
    member = OrgMemberFactory()
    client.force_login(member)
    assert client.get(reverse("jobs:employer")).status_code == 200
    # A change no signal sees (a queryset update) leaves the header stale for a while, never the access decision.
    Organization.objects.filter(pk=member.organization.pk).update(status=Organization.Status.REJECTED)
    assert client.get(reverse("jobs:employer")).status_code in (403, 404, 302)
