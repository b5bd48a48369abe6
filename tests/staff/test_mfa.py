"""Bureau staff need TOTP for /staff/ and /admin/ (STAFF_REQUIRE_MFA on, as in every real deployment)."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.core.management import call_command
from django.test import override_settings

from portal.management.commands.staff_totp import DEMO_TOTP_SECRET
from tests.factories import StaffFactory, VeteranFactory
from tests.staff.helpers import fresh_totp_code

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_require_mfa")]


@pytest.fixture
def _require_mfa():
    with override_settings(STAFF_REQUIRE_MFA=True):
        yield


@pytest.mark.parametrize(
    "url", ["/staff/", "/staff/import/", "/admin/", "/jobs/staff/review/", "/benefits/staff/", "/training/manage/", "/"]
)
def test_staff_without_an_authenticator_is_sent_to_totp_activation(client, url):
    client.force_login(StaffFactory())
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")


def test_staff_with_totp_but_no_code_in_this_session_must_enter_it(client):
    staff = StaffFactory()
    TOTP.activate(staff, DEMO_TOTP_SECRET)
    client.force_login(staff)
    response = client.get("/staff/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/2fa/reauthenticate/")
    response = client.post(response["Location"], {"code": fresh_totp_code(DEMO_TOTP_SECRET)})
    assert response.status_code == 302
    assert client.get("/staff/").status_code == 200


def test_staff_who_logged_in_with_password_and_code_gets_through(client):
    staff = StaffFactory()
    TOTP.activate(staff, DEMO_TOTP_SECRET)
    response = client.post("/accounts/login/", {"login": staff.username, "password": "pass-1234-word"})
    assert response.status_code == 302 and "/2fa/authenticate/" in response["Location"]
    assert client.get("/staff/").status_code == 302  # not logged in yet
    response = client.post(response["Location"], {"code": "000000"})
    assert response.status_code == 200  # wrong code: the form again
    response = client.post("/accounts/2fa/authenticate/", {"code": fresh_totp_code(DEMO_TOTP_SECRET)})
    assert response.status_code == 302
    assert client.get("/staff/").status_code == 200
    assert client.get("/admin/").status_code == 200


def test_other_users_and_pages_are_not_affected(client):
    client.force_login(VeteranFactory())
    assert client.get("/me/").status_code == 200
    assert client.get("/staff/").status_code == 403


def test_staff_totp_command_creates_one_authenticator(capsys):
    staff = StaffFactory(username="counter-staff")
    call_command("staff_totp", "counter-staff", "--secret", "demo", "--code")
    call_command("staff_totp", "counter-staff")
    assert Authenticator.objects.filter(user=staff).count() == 1
    out = capsys.readouterr().out
    assert DEMO_TOTP_SECRET in out and "code now:" in out


def test_staff_signing_in_by_phone_and_sms_code_still_need_their_totp_code(client, django_capture_on_commit_callbacks):
    from portal import sms

    staff = StaffFactory()
    staff.phone, staff.phone_verified = "13600001234", True
    staff.save()
    TOTP.activate(staff, DEMO_TOTP_SECRET)
    sms.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/login/code/", {"phone": "136 0000 1234"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/code/confirm/")
    code = sms.outbox[-1].params["code"]
    response = client.post("/accounts/login/code/confirm/", {"code": code})
    assert response.status_code == 302 and "/2fa/authenticate/" in response["Location"]
    assert client.get("/staff/").status_code == 302  # the SMS code alone does not sign staff in
    response = client.post("/accounts/2fa/authenticate/", {"code": fresh_totp_code(DEMO_TOTP_SECRET)})
    assert response.status_code == 302
    assert client.get("/staff/").status_code == 200
