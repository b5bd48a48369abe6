"""Mobile numbers as sign-in: the sign-up form's rules and errors, verified numbers unique, the contact number of an
e-mail account not turned into a sign-in step, and the API's "confirm a contact first" rule."""

import pytest
from allauth.account.models import EmailAddress
from django.test import Client

from portal import sms
from portal.models import User
from portal.services.accounts import user_account_update
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "Phone-pass-2026"


@pytest.fixture(autouse=True)
def _empty_outbox():
    sms.outbox.clear()


def signup(client, **fields):
    data = {"username": "laozhang", "password1": PASSWORD, "password2": PASSWORD, "phone": "", "email": "", **fields}
    return client.post("/accounts/signup/", data)


def test_sign_up_needs_a_mobile_number_or_an_email(client):
    response = signup(client)
    assert response.status_code == 200
    assert response.context["form"].errors["phone"] == ["请填写手机号码或电子邮箱（或两者都填）。"]
    assert not User.objects.filter(username="laozhang").exists()


def test_a_bad_number_is_refused_next_to_the_field_and_kept(client):
    response = signup(client, phone="1391234")
    assert response.status_code == 200
    assert response.context["form"].errors["phone"] == ["请输入 11 位中国大陆手机号码。"]
    assert 'value="1391234"' in response.content.decode()
    assert sms.outbox == []


def test_a_number_another_account_signs_in_with_makes_no_second_account(client):
    other = UserFactory()
    other.phone, other.phone_verified = "13912345678", True
    other.save()
    response = signup(client, phone="+86 139 1234 5678")
    # allauth's enumeration prevention answers as for a new number, but no account is made and no code is sent.
    assert response.status_code == 302
    assert not User.objects.filter(username="laozhang").exists()
    assert sms.outbox == []
    assert User.objects.get(pk=other.pk).phone_verified


def test_a_phone_sign_up_sends_a_code_and_is_not_signed_in_before_it(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = signup(client, phone="13912345678")
    assert response.status_code == 302 and response["Location"] == "/accounts/phone/verify/"
    user = User.objects.get(username="laozhang")
    assert user.phone == "13912345678" and not user.phone_verified
    assert [m.phone for m in sms.outbox] == ["13912345678"]
    assert client.get("/me/").status_code == 302  # not signed in yet
    response = client.post("/accounts/phone/verify/", {"code": "000000"})
    assert response.status_code == 200 and not User.objects.get(pk=user.pk).phone_verified
    response = client.post("/accounts/phone/verify/", {"code": sms.outbox[-1].params["code"]})
    assert response.status_code == 302
    assert User.objects.get(pk=user.pk).phone_verified
    assert client.get("/me/").status_code == 200


def test_an_email_account_with_a_contact_number_signs_in_without_an_sms_code(client):
    user = UserFactory()
    user.set_password(PASSWORD)
    user.save()
    EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    user_account_update(user=user, data={"phone": "13911110000"})
    user.refresh_from_db()
    assert user.phone == "13911110000" and not user.phone_verified
    response = client.post("/accounts/login/", {"login": user.username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/workspace/"
    assert sms.outbox == []


def test_a_changed_number_is_no_longer_verified():
    user = UserFactory()
    user.phone, user.phone_verified = "13911110000", True
    user.save()
    user_account_update(user=user, data={"phone": "13911110000"})
    assert User.objects.get(pk=user.pk).phone_verified
    user_account_update(user=user, data={"phone": "13922220000"})
    assert not User.objects.get(pk=user.pk).phone_verified


def test_the_api_refuses_an_account_whose_number_and_email_are_unconfirmed(api_client):
    user = User.objects.create(username="laozhao", phone="13933334444")
    user.set_password(PASSWORD)
    user.save()
    response = api_client.post("/api/v1/auth/token/", {"login": "laozhao", "password": PASSWORD}, format="json")
    assert response.status_code in (400, 401, 403) and response.json()["code"] == "email_not_verified"
    user.phone_verified = True
    user.save()
    response = api_client.post("/api/v1/auth/token/", {"login": "13933334444", "password": PASSWORD}, format="json")
    assert response.status_code in (200, 201), response.json()


def test_a_verified_number_signs_in_with_its_password():
    user = User.objects.create(username="laoqian", phone="13955556666", phone_verified=True)
    user.set_password(PASSWORD)
    user.save()
    client = Client()
    response = client.post("/accounts/login/", {"login": "139 5555 6666", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/workspace/"
