"""One door for signing in: the API's token endpoint, API keys and sessions obey the login page's rules.

Rate limits, lockouts, e-mail verification and the staff second factor are off in the test settings; the tests
here switch them on (the `settings` fixture, or monkeypatching DRF's rates, which it reads once at import)."""

import datetime
import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings as django_settings
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from benefits import tokens as card_tokens
from jobs.services.applications import application_submit
from portal.management.commands.staff_totp import DEMO_TOTP_SECRET
from portal.middleware import SEEN_KEY, STARTED_KEY
from portal.models import ApiToken, Organization, OrganizationMembership, Role
from tests import factories
from tests.benefits import factories as bf
from tests.factories import StaffFactory, UserFactory, VeteranFactory, api_key
from tests.jobs.factories import PositionFactory
from tests.staff.helpers import fresh_totp_code

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"
PASSWORD = "pass-1234-word"
CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def rate_limits(settings):
    """allauth's rate limits as configured for production (portal/settings/auth.py), in a clean cache."""
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff_mfa(settings):
    settings.STAFF_REQUIRE_MFA = True


def _token(client, login, password=PASSWORD, **extra):
    return client.post(TOKEN, {"login": login, "password": password, **extra}, format="json")


def _refused(response) -> bool:
    """An API key that does not authenticate: 401, or 403 where the view lists session authentication first."""
    return response.status_code in (401, 403) and "detail" in response.json()


def _authed(key) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


# --- lockouts shared with the login page -----------------------------------------------------


@pytest.mark.usefixtures("rate_limits")
def test_twelve_wrong_passwords_end_in_429_and_then_the_right_one_is_refused(api_client):
    user = UserFactory()
    codes = [_token(api_client, user.username, "wrong-password").status_code for _ in range(12)]
    assert codes[0] == 400 and codes[-1] == 429
    locked = _token(api_client, user.username)
    assert locked.status_code == 429
    assert locked.json()["code"] == "too_many_attempts" and CHINESE.search(locked.json()["detail"])
    assert not ApiToken.objects.filter(user=user).exists()


@pytest.mark.usefixtures("rate_limits")
def test_a_lock_earned_on_the_login_page_locks_the_api(client, api_client):
    user = UserFactory()
    for _ in range(6):
        client.post("/accounts/login/", {"login": user.username, "password": "wrong-password"})
    assert _token(api_client, user.username).status_code == 429


@pytest.mark.usefixtures("rate_limits")
def test_a_lock_earned_through_the_api_locks_the_login_page(client, api_client):
    user = UserFactory()
    for _ in range(6):
        _token(api_client, user.username, "wrong-password")
    response = client.post("/accounts/login/", {"login": user.username, "password": PASSWORD})
    assert response.status_code == 200  # the form again, with the lockout message
    assert "_auth_user_id" not in client.session


def test_wrong_password_is_a_translated_400(api_client):
    response = _token(api_client, UserFactory().username, "wrong-password")
    assert response.status_code == 400 and "密码" in response.json()["detail"]


def test_an_account_whose_email_is_not_verified_gets_no_token(api_client):
    user = UserFactory()
    user.emailaddress_set.update(verified=False)
    response = _token(api_client, user.username)
    assert response.status_code == 403
    assert response.json()["code"] == "email_not_verified" and CHINESE.search(response.json()["detail"])
    assert not ApiToken.objects.filter(user=user).exists()


# --- staff and the second factor ---------------------------------------------------------------


@pytest.mark.usefixtures("staff_mfa")
def test_staff_token_needs_the_current_totp_code(api_client):
    staff = StaffFactory()
    TOTP.activate(staff, DEMO_TOTP_SECRET)
    without = _token(api_client, staff.username)
    assert without.status_code == 403 and without.json()["code"] == "second_factor_required"
    assert CHINESE.search(without.json()["detail"])
    wrong = _token(api_client, staff.username, code="000000")
    assert wrong.status_code == 400 and wrong.json()["code"] == "invalid_code"
    right = _token(api_client, staff.username, code=fresh_totp_code(DEMO_TOTP_SECRET))
    assert right.status_code == 200
    assert ApiToken.objects.get(user=staff).second_factor
    assert _authed(right.json()["token"]).get("/api/v1/me/").status_code == 200


@pytest.mark.usefixtures("staff_mfa")
def test_staff_without_an_authenticator_gets_no_token(api_client):
    response = _token(api_client, StaffFactory().username)
    assert response.status_code == 403 and response.json()["code"] == "second_factor_not_set_up"


@pytest.mark.usefixtures("staff_mfa")
def test_a_staff_key_issued_without_the_second_factor_is_refused():
    staff = StaffFactory()
    token = api_key(UserFactory())  # issued to a plain user, who is then made staff
    ApiToken.objects.update(user=staff)
    response = _authed(token).get("/api/v1/me/")
    assert _refused(response) and CHINESE.search(response.json()["detail"])


@pytest.mark.usefixtures("staff_mfa")
def test_a_staff_session_without_the_second_factor_cannot_use_the_api(client):
    staff = StaffFactory()
    TOTP.activate(staff, DEMO_TOTP_SECRET)
    client.force_login(staff)
    response = client.get("/api/v1/applications/")
    assert response.status_code == 403 and CHINESE.search(response.json()["detail"])
    # The second factor, passed in this session, lets it through.
    client.post("/accounts/2fa/reauthenticate/", {"code": fresh_totp_code(DEMO_TOTP_SECRET)})
    assert client.get("/api/v1/applications/").status_code == 200


def test_a_veteran_session_uses_the_api_as_before(client):
    client.force_login(VeteranFactory())
    assert client.get("/api/v1/me/").status_code == 200


# --- keys: expiry, several named keys, revocation ---------------------------------------------


def test_a_key_expires_after_the_configured_days(api_client, settings):
    settings.API_TOKEN_TTL_DAYS = 7
    user = UserFactory()
    response = _token(api_client, user.username, name="laptop")
    key = response.json()["token"]
    token = ApiToken.objects.get(user=user)
    assert token.name == "laptop"
    assert abs(token.expires_at - (timezone.now() + datetime.timedelta(days=7))) < datetime.timedelta(minutes=1)
    assert token.key_hash != key and key not in token.key_hash  # only a hash is stored
    assert _authed(key).get("/api/v1/me/").status_code == 200
    ApiToken.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert _refused(_authed(key).get("/api/v1/me/"))


def test_each_token_request_makes_another_named_key(api_client):
    user = UserFactory()
    first = _token(api_client, user.username, name="HR").json()["token"]
    second = _token(api_client, user.username, name="phone").json()["token"]
    assert first != second
    assert sorted(ApiToken.objects.filter(user=user).values_list("name", flat=True)) == ["HR", "phone"]
    assert _authed(first).get("/api/v1/me/").status_code == 200


def test_the_counter_fast_path_refuses_an_expired_or_revoked_key():
    card, member = bf.issued_card(), bf.merchant_member()
    key = api_key(member)
    body = {"token": card_tokens.dynamic_token(card.token_id)}
    assert _authed(key).post("/api/v1/cards/verify/", body, format="json").status_code == 200
    ApiToken.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert _refused(_authed(key).post("/api/v1/cards/verify/", body, format="json"))
    ApiToken.objects.update(expires_at=timezone.now() + datetime.timedelta(days=1), revoked_at=timezone.now())
    assert _refused(_authed(key).post("/api/v1/cards/verify/", body, format="json"))


def test_a_new_password_revokes_every_key():
    user = UserFactory()
    keys = [api_key(user), api_key(user)]
    user.set_password("another-pass-5678")
    user.save()
    assert all(_refused(_authed(key).get("/api/v1/me/")) for key in keys)


def test_changing_the_password_on_the_page_revokes_every_key(client):
    user = UserFactory()
    key = api_key(user)
    client.force_login(user)
    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": "another-pass-5678", "password2": "another-pass-5678"},
    )
    assert response.status_code == 302
    assert _refused(_authed(key).get("/api/v1/me/"))


def test_deactivation_revokes_every_key():
    user = UserFactory()
    key = api_key(user)
    user.is_active = False
    user.save()
    user.is_active = True  # even if someone turns the account back on, the old keys stay dead
    user.save()
    assert _refused(_authed(key).get("/api/v1/me/"))


def test_becoming_staff_revokes_keys_issued_on_a_password_alone():
    from portal.roles import grant_role

    by_flag, by_group = UserFactory(), UserFactory()
    keys = [api_key(by_flag), api_key(by_group)]
    by_flag.is_staff = True
    by_flag.save()
    grant_role(by_group, Role.STAFF)
    assert all(_refused(_authed(key).get("/api/v1/me/")) for key in keys)


def test_removing_the_second_factor_revokes_every_key():
    user = UserFactory()
    TOTP.activate(user, DEMO_TOTP_SECRET)
    key = api_key(user, second_factor=True)
    Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).delete()
    assert _refused(_authed(key).get("/api/v1/me/"))


def test_a_user_with_a_second_factor_needs_the_code_too(api_client):
    user = UserFactory()
    TOTP.activate(user, DEMO_TOTP_SECRET)
    assert _token(api_client, user.username).status_code == 403
    assert _token(api_client, user.username, code=fresh_totp_code(DEMO_TOTP_SECRET)).status_code == 200


# --- the user's own page -------------------------------------------------------------------------


def test_the_security_page_lists_creates_and_revokes_own_keys(client):
    user = UserFactory()
    api_key(user, name="old laptop")
    client.force_login(user)
    assert "/me/security/" in client.get("/me/").content.decode()  # reachable from the profile page
    page = client.get("/me/security/").content.decode()
    assert "old laptop" in page
    response = client.post("/me/security/", {"name": "till"})
    assert response.status_code == 200
    new_key = re.search(r'data-testid="new-api-key">([0-9a-f]{40})<', response.content.decode()).group(1)
    assert _authed(new_key).get("/api/v1/me/").status_code == 200
    token = ApiToken.objects.get(user=user, name="till")
    assert client.post(f"/me/security/keys/{token.pk}/revoke/").status_code == 302
    assert _refused(_authed(new_key).get("/api/v1/me/"))


def test_nobody_revokes_another_users_key(client):
    owner = UserFactory()
    key = api_key(owner)
    token = ApiToken.objects.get(user=owner)
    client.force_login(UserFactory())
    assert client.post(f"/me/security/keys/{token.pk}/revoke/").status_code == 404
    assert _authed(key).get("/api/v1/me/").status_code == 200


def test_sign_out_everywhere_ends_every_session_and_revokes_keys(client):
    user = UserFactory()
    key = api_key(user)
    other_device = type(client)()
    other_device.force_login(user)
    client.force_login(user)
    assert other_device.get("/me/").status_code == 200
    response = client.post("/me/security/sign-out-everywhere/")
    assert response.status_code == 302
    assert other_device.get("/me/").status_code == 302  # to the login page
    assert client.get("/me/").status_code == 302
    assert _refused(_authed(key).get("/api/v1/me/"))
    client.login(username=user.username, password=PASSWORD)  # signing in again works
    assert client.get("/me/").status_code == 200


# --- staff sessions end ----------------------------------------------------------------------


def _age_session(client, *, idle: int = 0, started: int = 0):
    session = client.session
    session[SEEN_KEY] -= idle
    session[STARTED_KEY] -= started
    session.save()


def test_a_staff_session_ends_after_the_idle_timeout(client, settings):
    settings.STAFF_SESSION_IDLE_TIMEOUT = 30 * 60
    client.force_login(StaffFactory())
    assert client.get("/staff/").status_code == 200
    _age_session(client, idle=29 * 60, started=29 * 60)
    assert client.get("/staff/").status_code == 200
    _age_session(client, idle=31 * 60, started=31 * 60)
    response = client.get("/staff/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session


def test_a_staff_session_ends_at_its_absolute_lifetime_even_when_active(client, settings):
    settings.STAFF_SESSION_MAX_AGE = 12 * 3600
    client.force_login(StaffFactory())
    _age_session(client, started=12 * 3600 + 60)
    assert client.get("/api/v1/me/").status_code == 403
    assert "_auth_user_id" not in client.session


def test_staff_sessions_expire_sooner_than_two_weeks_and_others_keep_theirs(client):
    client.force_login(StaffFactory())
    assert client.session.get_expiry_age() <= django_settings.STAFF_SESSION_IDLE_TIMEOUT
    assert django_settings.STAFF_SESSION_MAX_AGE < 14 * 24 * 3600
    veteran_client = type(client)()
    veteran_client.force_login(VeteranFactory())
    veteran_client.get("/me/")
    assert veteran_client.session.get_expiry_age() == django_settings.SESSION_COOKIE_AGE


def test_an_idle_veteran_session_is_not_ended(client):
    client.force_login(VeteranFactory())
    _age_session(client, idle=3 * 3600, started=3 * 3600)
    assert client.get("/me/").status_code == 200


# --- organizations' integration keys -----------------------------------------------------------


def _org_admin(organization):
    admin = UserFactory()
    OrganizationMembership.objects.create(organization=organization, user=admin, role=OrganizationMembership.Role.ADMIN)
    return admin


def test_an_integration_key_sees_only_its_organizations_applicants(client):
    ours, theirs = factories.OrganizationFactory(), factories.OrganizationFactory()
    veteran = VeteranFactory()
    mine = application_submit(
        share_consent=True, channel="web", position=PositionFactory(organization=ours), veteran=veteran
    )
    application_submit(
        share_consent=True, channel="web", position=PositionFactory(organization=theirs), veteran=veteran
    )
    client.force_login(_org_admin(ours))
    assert f"/me/organization/{ours.pk}/keys/" in client.get("/me/").content.decode()
    response = client.post(f"/me/organization/{ours.pk}/keys/", {"name": "HR system"})
    assert response.status_code == 200
    key = re.search(r'data-testid="new-api-key">([0-9a-f]{40})<', response.content.decode()).group(1)
    token = ApiToken.objects.get(organization=ours)
    integration = token.user
    assert not integration.is_staff and not integration.has_usable_password()
    assert list(Organization.objects.for_user(integration)) == [ours]
    listed = _authed(key).get("/api/v1/applications/").json()
    assert [a["id"] for a in listed["results"]] == [mine.pk]
    assert "HR system" in client.get(f"/me/organization/{ours.pk}/keys/").content.decode()
    # Revoked: the key and its account stop working.
    assert client.post(f"/me/organization/{ours.pk}/keys/{token.pk}/revoke/").status_code == 302
    assert _refused(_authed(key).get("/api/v1/applications/"))


def test_a_merchants_till_key_verifies_cards_at_that_merchant_only():
    from portal.services.tokens import integration_key_create

    card, till_merchant, other_merchant = bf.issued_card(), bf.merchant(), bf.merchant()
    bf.offer(till_merchant, title="本店九折")
    bf.offer(other_merchant, title="别家八折")
    _token, key = integration_key_create(
        organization=till_merchant.organization, name="前台收银机", created_by=_org_admin(till_merchant.organization)
    )
    body = {"token": card_tokens.dynamic_token(card.token_id)}
    response = _authed(key).post("/api/v1/cards/verify/", body, format="json")  # the counter's fast path
    assert response.status_code == 200 and [o["title"] for o in response.json()["offers"]] == ["本店九折"]
    body["merchant"] = other_merchant.pk  # through DRF: another merchant is not the till's
    assert _authed(key).post("/api/v1/cards/verify/", body, format="json").status_code == 403


def test_only_the_organizations_administrators_manage_its_keys(client):
    organization = factories.OrganizationFactory()
    member = factories.OrgMemberFactory(organization=organization)  # a plain member
    client.force_login(member)
    assert client.get(f"/me/organization/{organization.pk}/keys/").status_code == 404
    assert client.post(f"/me/organization/{organization.pk}/keys/", {"name": "x"}).status_code == 404
    assert not ApiToken.objects.exists()


def test_a_bureau_gets_no_integration_key(client):
    bureau = factories.OrganizationFactory(org_type=Organization.Type.BUREAU)
    client.force_login(_org_admin(bureau))
    response = client.post(f"/me/organization/{bureau.pk}/keys/", {"name": "script"})
    assert response.status_code == 400 and not ApiToken.objects.exists()
    assert "事务局不能创建对接密钥" in response.content.decode()


def test_an_unverified_organization_gets_no_integration_key(client):
    organization = factories.OrganizationFactory(status=Organization.Status.PENDING)
    client.force_login(_org_admin(organization))
    response = client.post(f"/me/organization/{organization.pk}/keys/", {"name": "till"})
    assert response.status_code == 400 and not ApiToken.objects.exists()


# --- DRF throttles on every view ---------------------------------------------------------------


@pytest.fixture
def api_rates(monkeypatch):
    def enable(**rates):
        cache.clear()
        base = dict.fromkeys(django_settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"])
        # DRF reads the rates into the class once, at import; monkeypatch puts the original back after the test.
        monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {**base, **rates})

    yield enable
    cache.clear()


def test_every_api_view_is_throttled_for_anonymous_clients(api_client, api_rates):
    api_rates(anon="3/min")
    codes = [api_client.get("/api/v1/regions/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert CHINESE.search(api_client.get("/api/v1/organizations/").json()["detail"])


def test_every_api_view_is_throttled_per_user(api_rates):
    api_rates(user="2/min")
    client, other = _authed(api_key(UserFactory())), _authed(api_key(UserFactory()))
    assert [client.get("/api/v1/me/").status_code for _ in range(3)] == [200, 200, 429]
    assert other.get("/api/v1/me/").status_code == 200


def test_the_token_endpoint_and_search_have_their_own_scopes(api_client, api_rates):
    api_rates(token="2/min", search="2/min")
    user = UserFactory()
    assert [_token(api_client, user.username).status_code for _ in range(3)] == [200, 200, 429]
    assert [api_client.get("/api/v1/positions/?q=仓储").status_code for _ in range(3)] == [200, 200, 429]
    assert api_client.get("/api/v1/regions/").status_code == 200  # other views keep their own allowance


# --- keys of DRF's old authtoken table ---------------------------------------------------------


def test_old_authtoken_keys_are_carried_over_hashed_and_staff_keys_dropped():
    from importlib import import_module
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    migration = import_module("portal.migrations.0007_api_tokens")
    user, staff = UserFactory(), StaffFactory()
    with connection.cursor() as cursor:
        columns = "key varchar(40) PRIMARY KEY, user_id bigint, created timestamp with time zone"
        cursor.execute(f"CREATE TABLE authtoken_token ({columns})")
        for key, owner in (("a" * 40, user), ("b" * 40, staff)):
            cursor.execute("INSERT INTO authtoken_token VALUES (%s, %s, %s)", [key, owner.pk, timezone.now()])
    migration.migrate_authtoken_keys(apps, SimpleNamespace(connection=connection))
    assert _authed("a" * 40).get("/api/v1/me/").status_code == 200
    assert _refused(_authed("b" * 40).get("/api/v1/me/"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM authtoken_token")
        assert cursor.fetchone()[0] == 0  # no key left in clear
