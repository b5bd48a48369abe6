"""Privacy notice and consent (PIPL arts. 13, 14, 17, 29): the policy page, the separate consent for the ID number
(asked before it is stored; refusing stores nothing), the consent to share an application with the employer, the
我的授权 page with withdrawal, the API, and an audit log entry for every grant and withdrawal."""

import pytest
from django.core.exceptions import ValidationError

from jobs.models import Application
from portal.models import AuditLog, Consent, Notification, VeteranProfile
from portal.privacy import POLICY_VERSION
from portal.services.consents import consent_grant, consent_is_live, consent_withdraw
from portal.services.profiles import veteran_profile_verify
from portal.synthetic import make_id_number
from tests.factories import StaffFactory, UserFactory, VeteranFactory
from tests.jobs.factories import PositionFactory
from tests.portal.helpers import profile_form_data, step_data

pytestmark = pytest.mark.django_db
ID = Consent.Purpose.ID_NUMBER
SHARING = Consent.Purpose.APPLICATION_SHARING
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _identity(client, **overrides):
    return client.post("/me/edit/identity/", step_data("identity", profile_form_data(**overrides)))


# --- the policy ----------------------------------------------------------------------------------------------


def test_the_privacy_policy_is_versioned_bilingual_and_linked_from_footer_and_sign_up(client):
    zh = client.get("/privacy/").content.decode()
    en = client.get("/privacy/", **EN).content.decode()
    assert POLICY_VERSION in zh and POLICY_VERSION in en
    assert "敏感个人信息" in zh and "您的权利" in zh and "保存期限" in zh
    assert "sensitive personal information" in en and "Your rights" in en
    assert 'href="/privacy/"' in client.get("/").content.decode()  # the footer of every page
    signup = client.get("/accounts/signup/").content.decode()
    assert 'data-testid="signup-privacy"' in signup and 'href="/privacy/"' in signup


# --- the ID number: separate consent, asked before it is stored --------------------------------------------------


def test_an_id_number_without_consent_is_not_stored_nor_looked_up(client):
    holder, user = VeteranFactory(), UserFactory()
    client.force_login(user)
    response = _identity(client, id_number=holder.veteran_profile.get_id_number(), id_number_consent="")
    assert response.status_code == 400
    assert "id_number_consent" in response.context["form"].errors
    assert not VeteranProfile.objects.filter(user=user).exists()
    # not even compared with the stored numbers: no conflict report, no consent
    assert not AuditLog.objects.filter(detail__event="id_number_claim_conflict").exists()
    assert not Consent.objects.filter(user=user).exists()
    # what was typed is still there, to tick the box and send again
    assert response.context["form"]["id_number"].value() == holder.veteran_profile.get_id_number()


def test_refusing_saves_the_registration_without_the_number_and_says_what_it_costs(client):
    user = UserFactory()
    client.force_login(user)
    response = _identity(client, id_number="", id_number_consent="")
    assert response.status_code == 302 and response["Location"] == "/me/edit/service/"
    profile = VeteranProfile.objects.get(user=user)
    assert profile.real_name == "李强" and not profile.id_number_encrypted
    page = client.get("/me/").content.decode()
    assert 'data-testid="no-id-number"' in page and "优待证" in page


def test_ticking_the_consent_without_a_number_asks_for_it(client):
    client.force_login(UserFactory())
    response = _identity(client, id_number="", id_number_consent="on")
    assert response.status_code == 400 and "id_number" in response.context["form"].errors


def test_consent_given_with_the_number_is_recorded_with_the_policy_version_and_audited(client):
    user = UserFactory()
    client.force_login(user)
    response = _identity(client, id_number=make_id_number("350102", seq=611))
    assert response.status_code == 302
    consent = Consent.objects.get(user=user, purpose=ID)
    assert (consent.policy_version, consent.channel, consent.withdrawn_at) == (POLICY_VERSION, "web", None)
    assert AuditLog.objects.filter(action=AuditLog.Action.CONSENT, actor=user, target_id=str(consent.pk)).exists()
    # asked once: the identity step now says when it was given instead of asking again
    form = client.get("/me/edit/identity/").context["form"]
    assert "id_number_consent" not in form.fields and "2026" in str(form.fields["id_number"].help_text)


def test_a_refused_id_number_leaves_no_consent_behind(client):
    holder, user = VeteranFactory(), UserFactory()
    client.force_login(user)
    response = _identity(client, id_number=holder.veteran_profile.get_id_number())  # held by another account
    assert response.status_code == 400
    assert not Consent.objects.filter(user=user).exists()


def test_the_api_needs_the_consent_for_a_new_number(api_client):
    user = UserFactory()
    api_client.force_authenticate(user)
    payload = {"real_name": "赵六", "id_number": make_id_number("350102", seq=613)}
    response = api_client.put("/api/v1/me/profile/", payload, format="json")
    assert response.status_code == 400 and list(response.json()) == ["id_number_consent"]
    response = api_client.put("/api/v1/me/profile/", {**payload, "id_number_consent": True}, format="json")
    assert response.status_code == 200
    assert Consent.objects.get(user=user, purpose=ID).channel == Consent.Channel.API


def test_staff_at_the_counter_record_the_written_consent(client):
    staff = StaffFactory()
    veteran_user = UserFactory()
    VeteranProfile.objects.create(user=veteran_user, real_name="王五")
    client.force_login(staff)
    client.post(f"/staff/act/{veteran_user.pk}/start/")
    data = {**profile_form_data(id_number=make_id_number("350102", seq=615)), "id_number_consent": ""}
    assert client.post("/staff/act/current/profile/", data).status_code == 400  # not without the signed form
    assert not VeteranProfile.objects.get(user=veteran_user).id_number_encrypted
    response = client.post("/staff/act/current/profile/", {**data, "id_number_consent": "on"})
    assert response.status_code == 302, response.content.decode()[:500]
    consent = Consent.objects.get(user=veteran_user, purpose=ID)
    assert consent.channel == Consent.Channel.COUNTER and consent.recorded_by == staff
    entry = AuditLog.objects.get(action=AuditLog.Action.CONSENT, target_id=str(consent.pk))
    assert entry.actor == staff and entry.on_behalf_of == veteran_user


# --- withdrawing --------------------------------------------------------------------------------------------


def test_withdrawing_the_id_consent_erases_the_number_and_sends_a_verified_registration_back(client):
    staff, veteran = StaffFactory(), VeteranFactory()
    profile = veteran.veteran_profile
    VeteranProfile.objects.filter(pk=profile.pk).update(status=VeteranProfile.Status.SUBMITTED)
    veteran_profile_verify(profile=profile, staff_user=staff)
    client.force_login(veteran)
    page = client.get("/me/consents/id_number/withdraw/")
    assert 'data-testid="withdraw-consequence"' in page.content.decode()
    response = client.post("/me/consents/id_number/withdraw/", {})  # the confirmation box is required
    assert response.status_code == 400
    assert consent_is_live(user=veteran, purpose=ID)
    response = client.post("/me/consents/id_number/withdraw/", {"confirm": "on"})
    assert response.status_code == 302 and response["Location"] == "/me/consents/"
    profile.refresh_from_db()
    assert not profile.id_number_encrypted and profile.id_number_hash is None and profile.birth_date is None
    assert profile.status == VeteranProfile.Status.DRAFT and profile.verified_by is None
    assert Notification.objects.filter(recipient=staff, kind="profile_review").exists()
    consent = Consent.objects.get(user=veteran, purpose=ID)
    assert consent.withdrawn_at is not None and consent.withdrawal_channel == "web"
    assert AuditLog.objects.filter(action=AuditLog.Action.CONSENT_WITHDRAW, target_id=str(consent.pk)).exists()
    listing = client.get("/me/consents/").content.decode()
    assert "未授权" in listing and "授权记录" in listing


def test_withdrawing_without_a_live_consent_is_refused():
    user = UserFactory()
    with pytest.raises(ValidationError):
        consent_withdraw(user=user, purpose=ID, channel="web")


def test_granting_twice_is_one_consent_and_a_new_grant_follows_a_withdrawal():
    user = UserFactory()
    first = consent_grant(user=user, purpose=SHARING, channel="web")
    assert consent_grant(user=user, purpose=SHARING, channel="api") == first
    consent_withdraw(user=user, purpose=SHARING, channel="web")
    again = consent_grant(user=user, purpose=SHARING, channel="web")
    assert again != first and Consent.objects.filter(user=user, purpose=SHARING).count() == 2
    with pytest.raises(ValidationError):
        consent_grant(user=user, purpose="marketing", channel="web")


# --- sharing an application with the employer ---------------------------------------------------------------


def test_applying_needs_the_sharing_consent_and_records_it(client, veteran):
    position, other = PositionFactory(), PositionFactory()
    client.force_login(veteran)
    detail = client.get(f"/jobs/{position.pk}/").content.decode()
    assert 'name="share_consent"' in detail and position.organization.name in detail
    response = client.post(f"/jobs/{position.pk}/apply/", {}, follow=True)
    assert "未经同意，投递无法发送" in response.content.decode()
    assert not Application.objects.filter(veteran=veteran).exists()
    client.post(f"/jobs/{position.pk}/apply/", {"share_consent": "on"})
    assert Application.objects.filter(veteran=veteran, position=position).exists()
    consent = Consent.objects.get(user=veteran, purpose=SHARING)
    assert consent.channel == "web" and AuditLog.objects.filter(target_id=str(consent.pk)).exists()
    # given once, a fair's one-tap button applies without asking again; the page says when it was given
    assert 'name="share_consent"' not in client.get(f"/jobs/{other.pk}/").content.decode()
    client.post(f"/jobs/{other.pk}/apply/", {})
    assert Application.objects.filter(veteran=veteran, position=other).exists()


def test_withdrawing_sharing_stops_new_applications_and_keeps_the_old(client, veteran):
    sent, later = PositionFactory(), PositionFactory()
    client.force_login(veteran)
    client.post(f"/jobs/{sent.pk}/apply/", {"share_consent": "on"})
    page = client.get("/me/consents/application_sharing/withdraw/").content.decode()
    assert "已投递的用人单位仍保留" in page
    assert client.post("/me/consents/application_sharing/withdraw/", {}).status_code == 302
    client.post(f"/jobs/{later.pk}/apply/", {})
    assert not Application.objects.filter(veteran=veteran, position=later).exists()
    kept = Application.objects.get(veteran=veteran, position=sent)
    assert kept.status == Application.Status.SUBMITTED and kept.profile_snapshot


# --- the page and the API list only one's own ---------------------------------------------------------------


def test_my_consents_lists_what_when_and_which_version(client, veteran):
    client.force_login(veteran)
    page = client.get("/me/consents/").content.decode()
    assert 'data-testid="consent-id_number"' in page and POLICY_VERSION in page
    assert "/me/consents/id_number/withdraw/" in page
    assert 'href="/me/consents/"' in client.get("/me/").content.decode()  # linked from the profile


def test_consents_api_lists_grants_and_withdraws_only_ones_own(api_client):
    me, other = UserFactory(), UserFactory()
    consent_grant(user=other, purpose=SHARING, channel="web")
    api_client.force_authenticate(me)
    assert api_client.get("/api/v1/me/consents/").json()["results"] == []
    response = api_client.post("/api/v1/me/consents/", {"purpose": "application_sharing"}, format="json")
    assert response.status_code == 201 and response.json()["policy_version"] == POLICY_VERSION
    again = api_client.post("/api/v1/me/consents/", {"purpose": "application_sharing"}, format="json")
    assert again.status_code == 200 and again.json()["id"] == response.json()["id"]
    assert api_client.post("/api/v1/me/consents/", {"purpose": "ads"}, format="json").status_code == 400
    withdrawn = api_client.post("/api/v1/me/consents/withdraw/", {"purpose": "application_sharing"}, format="json")
    assert withdrawn.status_code == 200 and withdrawn.json()["live"] is False
    assert api_client.post("/api/v1/me/consents/withdraw/", {"purpose": "id_number"}).status_code == 400
    assert consent_is_live(user=other, purpose=SHARING)  # another person's consent untouched
    entries = AuditLog.objects.filter(actor=me, action__in=[AuditLog.Action.CONSENT, AuditLog.Action.CONSENT_WITHDRAW])
    assert entries.count() == 2
    api_client.force_authenticate(None)
    assert api_client.get("/api/v1/me/consents/").status_code in (401, 403)
