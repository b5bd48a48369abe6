"""Fair tickets: a rotating QR link with a short code on the phone, a GET-safe link page, the door's short-code
path with its limits, and the printable A6 ticket."""

import datetime
import io
import time

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from pypdf import PdfReader

from jobs.models import FairRegistration
from jobs.services import tickets
from jobs.services.fair_registrations import fair_check_in, fair_register
from jobs.services.tickets import check_in_token
from portal import rotating
from tests.factories import OrgMemberFactory, VeteranFactory
from tests.jobs.factories import BoothFactory, JobFairFactory

SITE = "https://portal.example.cn"
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def fair(db):
    return JobFairFactory(starts_at=timezone.now() + datetime.timedelta(minutes=30))


@pytest.fixture
def registration(fair):
    return fair_register(fair=fair, user=VeteranFactory(profile__real_name="李卫国"))


def test_ticket_page_shows_a_rotating_link_and_a_short_code(client, registration):
    client.force_login(registration.user)
    page = client.get(f"/jobs/fairs/{registration.fair_id}/ticket/").content.decode()
    body = client.get(f"/jobs/fairs/{registration.fair_id}/ticket/code/").json()
    assert body["token"].startswith("t.") and body["token"] in page
    assert len(body["short_code"]) == 8 and body["short_code"] in page
    assert tickets.ticket_link(body["token"]) == f"{SITE}/jobs/fairs/tickets/{body['token']}/"
    assert tickets.check_in_token_read(tickets.ticket_link(body["token"])) == registration.pk


def test_door_checks_in_with_a_scanned_link_or_a_short_code(registration, staff_user):
    link = tickets.ticket_link(tickets.ticket_token(registration))
    reg, already = fair_check_in(fair=registration.fair, token=link, actor=staff_user)
    assert reg.pk == registration.pk and not already
    other = fair_register(fair=registration.fair, user=VeteranFactory())
    code = tickets.ticket_short_code(other)
    assert fair_check_in(fair=registration.fair, token=code, actor=staff_user)[0].pk == other.pk


def test_short_code_is_scoped_to_its_fair(registration, staff_user):
    code = tickets.ticket_short_code(registration)
    with pytest.raises(ValidationError, match="Unknown number"):
        fair_check_in(fair=JobFairFactory(), token=code, actor=staff_user)


def test_wrong_short_codes_are_limited_per_steward(registration, staff_user):
    code = tickets.ticket_short_code(registration)
    guesses = [f"{n:08d}" for n in range(30_000_000, 30_000_100) if f"{n:08d}" != code][: rotating.MEMBER_LIMIT]
    for guess in guesses:
        with pytest.raises(ValidationError, match="Unknown number"):
            fair_check_in(fair=registration.fair, token=guess, actor=staff_user)
    with pytest.raises(ValidationError, match="Too many wrong"):
        fair_check_in(fair=registration.fair, token=code, actor=staff_user)
    assert not FairRegistration.objects.get(pk=registration.pk).checked_in_at


def test_stale_rotating_ticket_is_refused_as_expired(registration, staff_user):
    stale = "t." + tickets.ROTATING.token(str(registration.pk), time.time() - 3 * tickets.ROTATING.step_seconds)
    with pytest.raises(ValidationError, match="expired"):
        fair_check_in(fair=registration.fair, token=stale, actor=staff_user)


def test_ticket_link_is_get_safe_and_shows_the_right_page_per_role(client, registration, staff_user):
    path = f"/jobs/fairs/tickets/{check_in_token(registration)}/"
    page = client.get(path).content.decode()
    assert 'data-state="public"' in page and registration.fair.title in page
    assert "李" not in page.split("<main", 1)[-1]  # not even the masked name
    client.force_login(registration.user)
    assert client.get(path)["Location"].endswith(f"/jobs/fairs/{registration.fair_id}/ticket/")
    client.force_login(staff_user)
    page = client.get(path).content.decode()
    assert 'data-state="steward"' in page and "李**" in page
    assert not FairRegistration.objects.get(pk=registration.pk).checked_in_at  # the GET recorded nothing
    client.post(f"/jobs/fairs/{registration.fair_id}/scan/", {"token": check_in_token(registration)})
    assert FairRegistration.objects.get(pk=registration.pk).checked_in_by == staff_user


def test_booth_employer_sees_the_steward_page_others_do_not(client, registration):
    booth = BoothFactory(fair=registration.fair, status="approved", number=1)
    member = OrgMemberFactory(organization=booth.organization)
    path = f"/jobs/fairs/tickets/{check_in_token(registration)}/"
    client.force_login(member)
    assert 'data-state="steward"' in client.get(path).content.decode()
    client.force_login(VeteranFactory())
    assert 'data-state="public"' in client.get(path).content.decode()


def test_forged_ticket_link_is_refused_clearly(client, registration):
    token = check_in_token(registration)
    for bad in (token[:-1] + ("0" if token[-1] != "0" else "1"), "t.1.zz.00", "%3Cx%3E"):
        page = client.get(f"/jobs/fairs/tickets/{bad}/")
        assert page.status_code == 200 and 'data-state="refused"' in page.content.decode()


def test_printable_ticket_pdf_has_the_chinese_title_and_the_link(client, registration):
    client.force_login(registration.user)
    response = client.get(f"/jobs/fairs/{registration.fair_id}/ticket.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).replace("\n", "")
    assert "招聘会入场券" in text and registration.fair.title in text
    assert tickets.ticket_link(check_in_token(registration)) in text


def test_api_check_in_accepts_the_short_code_and_answers_wrong_ones_with_400(api_client, registration, staff_user):
    api_client.force_authenticate(staff_user)
    url = f"/api/v1/fairs/{registration.fair_id}/check-in/"
    code = tickets.ticket_short_code(registration)
    wrong = "00000000" if code != "00000000" else "11111111"
    refused = api_client.post(url, {"token": wrong}, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400 and "Unknown number" in str(refused.json())
    answer = api_client.post(url, {"token": code})
    assert answer.status_code == 200 and answer.json()["registration"] == registration.pk


def test_booth_records_an_intent_from_a_typed_short_code(client, registration, staff_user):
    from tests.jobs.factories import PositionFactory

    fair_check_in(fair=registration.fair, token=check_in_token(registration), actor=staff_user)
    booth = BoothFactory(fair=registration.fair, status="approved", number=1)
    position = PositionFactory(organization=booth.organization)
    booth.positions.add(position)
    member = OrgMemberFactory(organization=booth.organization)
    client.force_login(member)
    code = tickets.ticket_short_code(registration)
    client.post(
        f"/jobs/fairs/{registration.fair_id}/booth/",
        {"token": code, "position": position.pk, "note": "面试通过", "share_consent": "on"},
    )
    assert booth.intents.filter(registration=registration, position=position).exists()
