"""Sharing an application with the employer needs the applicant's separate consent (PIPL art. 23), at every door:
the position page, a fair's one-tap buttons, the API, the live room (page and API), 代办 at the counter and an
intent recorded at a booth. application_submit enforces it; each door records the consent with its channel."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from jobs.models import Application
from jobs.services.applications import application_submit
from jobs.services.booths import booth_apply, booth_approve
from jobs.services.fair_registrations import fair_check_in, fair_register
from jobs.services.intents import intent_record
from jobs.services.tickets import check_in_token
from portal.models import AuditLog, Consent
from portal.privacy import POLICY_VERSION
from portal.services.consents import consent_grant, consent_withdraw
from tests.factories import OrgMemberFactory, StaffFactory, VeteranFactory
from tests.jobs.factories import JobFairFactory, PositionFactory
from tests.jobs.live_helpers import live_fair

pytestmark = pytest.mark.django_db
SHARING = Consent.Purpose.APPLICATION_SHARING


def _sharing(user) -> Consent:
    return Consent.objects.get(user=user, purpose=SHARING)


def _assert_recorded(user, *, channel: str, recorded_by=None) -> None:
    consent = _sharing(user)
    assert (consent.channel, consent.policy_version, consent.recorded_by) == (channel, POLICY_VERSION, recorded_by)
    assert consent.withdrawn_at is None and consent.granted_at <= timezone.now()
    assert AuditLog.objects.filter(action=AuditLog.Action.CONSENT, target_id=str(consent.pk)).exists()


# --- the service -------------------------------------------------------------------------------------------------


def test_the_service_refuses_without_consent_and_keeps_nothing():
    veteran, position = VeteranFactory(), PositionFactory()
    with pytest.raises(ValidationError) as refused:
        application_submit(position=position, veteran=veteran, share_consent=False, channel=Consent.Channel.WEB)
    assert list(refused.value.message_dict) == ["share_consent"]
    assert "without it the application cannot be sent" in refused.value.message_dict["share_consent"][0]
    assert not Application.objects.exists() and not Consent.objects.filter(purpose=SHARING).exists()


def test_the_service_records_the_consent_given_with_the_application():
    veteran = VeteranFactory()
    application = application_submit(
        position=PositionFactory(), veteran=veteran, share_consent=True, channel=Consent.Channel.API
    )
    assert application.pk
    _assert_recorded(veteran, channel="api")


def test_a_live_consent_lets_the_next_application_go_and_a_withdrawn_one_does_not():
    veteran = VeteranFactory()
    consent_grant(user=veteran, purpose=SHARING, channel=Consent.Channel.WEB)
    assert application_submit(position=PositionFactory(), veteran=veteran, share_consent=False, channel="web").pk
    consent_withdraw(user=veteran, purpose=SHARING, channel=Consent.Channel.WEB)
    with pytest.raises(ValidationError, match="cannot be sent"):
        application_submit(position=PositionFactory(), veteran=veteran, share_consent=False, channel="web")
    assert Application.objects.filter(veteran=veteran).count() == 1


def test_a_refused_application_keeps_no_consent():
    veteran = VeteranFactory()
    closed = PositionFactory(status="closed")
    with pytest.raises(ValidationError, match="no longer accepting"):
        application_submit(position=closed, veteran=veteran, share_consent=True, channel="web")
    assert not Consent.objects.filter(user=veteran, purpose=SHARING).exists()


def test_a_failure_after_the_consent_is_recorded_rolls_it_back(monkeypatch):
    """The consent is written in the application's transaction: if the application is not kept, neither is it."""
    import jobs.services.applications as applications

    def broken_snapshot(user):
        raise ValidationError("the snapshot failed")

    monkeypatch.setattr(applications, "profile_snapshot", broken_snapshot)
    veteran = VeteranFactory()
    with pytest.raises(ValidationError, match="snapshot failed"):
        application_submit(position=PositionFactory(), veteran=veteran, share_consent=True, channel="web")
    assert not Consent.objects.filter(user=veteran, purpose=SHARING).exists() and not Application.objects.exists()


# --- pages -------------------------------------------------------------------------------------------------------


def test_a_fairs_one_tap_buttons_say_they_share_the_contact_and_record_the_consent(client):
    room = live_fair()
    position = room.booths[0].positions.get()
    veteran = VeteranFactory()
    client.force_login(veteran)
    for url in (
        reverse("jobs:fair_detail", args=[room.fair.pk]),
        reverse("jobs:booth_page", args=[room.fair.pk, room.booths[0].pk]),
    ):
        page = client.get(url).content.decode()
        form = page[page.index(f'action="{reverse("jobs:apply", args=[position.pk])}"') :]
        form = form[: form.index("</form>")]
        assert '<input type="hidden" name="share_consent" value="on">' in form, url
        assert "投递并向用人单位提供我的联系方式" in form, url  # pages speak zh-hans by default
    client.post(reverse("jobs:apply", args=[position.pk]), {"fair": room.fair.pk, "share_consent": "on"})
    assert Application.objects.filter(veteran=veteran, position=position, fair=room.fair).exists()
    _assert_recorded(veteran, channel="web")


def test_the_live_room_refuses_without_consent_and_records_it_when_given(client):
    room = live_fair()
    booth = room.booths[0]
    position = booth.positions.get()
    veteran = VeteranFactory()
    client.force_login(veteran)
    page = client.get(reverse("jobs:fair_live", args=[room.fair.pk])).content.decode()
    template = page[page.index('id="live-position-template"') :]
    assert 'name="share_consent" value="on"' in template
    assert "投递并向用人单位提供我的联系方式" in template
    url = reverse("jobs:fair_live_apply", args=[room.fair.pk])
    refused = client.post(url, {"position": position.pk, "booth": booth.pk}, HTTP_ACCEPT="application/json")
    assert refused.status_code == 400 and "未经同意，投递无法发送" in refused.json()["message"]
    assert not Application.objects.exists() and not Consent.objects.filter(purpose=SHARING).exists()
    data = {"position": position.pk, "booth": booth.pk, "share_consent": "on"}
    assert client.post(url, data, HTTP_ACCEPT="application/json").json()["ok"]
    assert Application.objects.get(veteran=veteran).booth == booth
    _assert_recorded(veteran, channel="web")


def test_staff_acting_for_the_veteran_records_the_consent_as_theirs_at_the_counter(client):
    staff, veteran, position = StaffFactory(), VeteranFactory(), PositionFactory()
    client.force_login(staff)
    assert client.post(f"/staff/act/{veteran.pk}/start/").status_code == 302
    form = client.get("/jobs/staff/act/apply/").content.decode()
    assert 'name="share_consent"' in form
    refused = client.post("/jobs/staff/act/apply/", {"position": position.pk})
    assert refused.status_code == 400
    assert refused.context["form"].errors["share_consent"] and "未经同意，投递无法发送" in refused.content.decode()
    assert not Application.objects.exists() and not Consent.objects.filter(purpose=SHARING).exists()
    response = client.post("/jobs/staff/act/apply/", {"position": position.pk, "share_consent": "on"})
    assert response.status_code == 302 and Application.objects.filter(veteran=veteran, position=position).exists()
    _assert_recorded(veteran, channel="counter", recorded_by=staff)
    entry = AuditLog.objects.get(action=AuditLog.Action.CONSENT, target_id=str(_sharing(veteran).pk))
    assert (entry.actor, entry.on_behalf_of) == (staff, veteran)


def _checked_in_at_booth():
    fair = JobFairFactory(starts_at=timezone.now() + datetime.timedelta(minutes=30))
    member = OrgMemberFactory(org_type="employer")
    position = PositionFactory(organization=member.organization)
    booth = booth_apply(fair=fair, organization=member.organization, user=member, positions=[position])
    booth_approve(booth=booth, staff=StaffFactory())
    registration = fair_register(fair=fair, user=VeteranFactory())
    fair_check_in(fair=fair, token=check_in_token(registration), actor=member)
    registration.refresh_from_db()
    return booth, registration, position, member


def test_an_intent_at_the_booth_needs_the_consent_the_employer_records():
    booth, registration, position, member = _checked_in_at_booth()
    with pytest.raises(ValidationError) as refused:
        intent_record(booth=booth, registration=registration, position=position, actor=member, share_consent=False)
    assert list(refused.value.message_dict) == ["share_consent"]
    assert (
        not Application.objects.exists()
        and not booth.intents.exists()
        and not Consent.objects.filter(purpose=SHARING).exists()
    )
    intent = intent_record(booth=booth, registration=registration, position=position, actor=member, share_consent=True)
    assert intent.application.status == Application.Status.INTENT
    _assert_recorded(registration.user, channel="counter", recorded_by=member)


def test_an_intent_for_an_existing_application_asks_nothing_more():
    booth, registration, position, member = _checked_in_at_booth()
    application_submit(position=position, veteran=registration.user, share_consent=True, channel="web")
    intent = intent_record(booth=booth, registration=registration, position=position, actor=member, share_consent=False)
    assert intent.application.status == Application.Status.INTENT
    assert _sharing(registration.user).channel == "web"


def test_the_booth_page_shows_the_consent_error_on_its_field(client):
    booth, registration, position, member = _checked_in_at_booth()
    client.force_login(member)
    url = reverse("jobs:fair_booth", args=[booth.fair_id])
    assert 'name="share_consent"' in client.get(url).content.decode()
    data = {"token": check_in_token(registration), "position": position.pk}
    refused = client.post(url, data)
    assert refused.status_code == 400 and refused.context["intent_form"].errors["share_consent"]
    assert client.post(url, {**data, "share_consent": "on"}).status_code == 302
    assert booth.intents.filter(registration=registration).exists()
    _assert_recorded(registration.user, channel="counter", recorded_by=member)


# --- the API -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("body", [{}, {"share_consent": False}], ids=["missing", "false"])
def test_the_api_refuses_without_consent_with_a_field_error(api_client, body):
    veteran, position = VeteranFactory(), PositionFactory()
    api_client.force_authenticate(veteran)
    response = api_client.post(f"/api/v1/positions/{position.pk}/apply/", body, format="json")
    assert response.status_code == 400 and list(response.json()) == ["share_consent"]
    assert not Application.objects.exists() and not Consent.objects.filter(purpose=SHARING).exists()
    room = live_fair()
    booth = room.booths[0]
    body = {**body, "booth": booth.pk, "position": booth.positions.get().pk}
    response = api_client.post(f"/api/v1/live-rooms/{room.fair.pk}/apply/", body, format="json")
    assert response.status_code == 400 and list(response.json()) == ["share_consent"]
    assert not Application.objects.exists() and not Consent.objects.filter(purpose=SHARING).exists()


def test_the_api_records_the_consent_given_with_the_application(api_client):
    veteran, position = VeteranFactory(), PositionFactory()
    api_client.force_authenticate(veteran)
    body = {"share_consent": True}
    assert api_client.post(f"/api/v1/positions/{position.pk}/apply/", body, format="json").status_code == 201
    _assert_recorded(veteran, channel="api")
    other = VeteranFactory()
    api_client.force_authenticate(other)
    room = live_fair()
    booth = room.booths[0]
    body = {"share_consent": True, "booth": booth.pk, "position": booth.positions.get().pk}
    assert api_client.post(f"/api/v1/live-rooms/{room.fair.pk}/apply/", body, format="json").status_code == 201
    _assert_recorded(other, channel="api")


def test_the_schema_shows_the_consent_as_a_boolean(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    components = schema["components"]["schemas"]
    for name in ("ApplyRequestRequest", "LiveApplyRequest"):
        field = components[name]["properties"]["share_consent"]
        assert field["type"] == "boolean" and "employer" in field["description"], name
