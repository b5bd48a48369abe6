"""Fair facts cannot be forged: an application counts for a fair only if the position is at one of its approved
booths, it is "scanned" only through the booth's signed link, and check-in is accepted only in the fair's hours
(bureau staff may override, recorded and audited). Each door is tried: the pages, the API, the staff export."""

import csv
import datetime
import io
import re
from html import unescape
from urllib.parse import unquote

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone, translation

from jobs.exports import FAIR_COLUMNS
from jobs.models import Application, Booth, FairRegistration
from jobs.services.scan_links import booth_scan_token
from jobs.services.tickets import check_in_token
from portal.models import AuditLog
from tests.factories import OrganizationFactory, OrgMemberFactory, StaffFactory, VeteranFactory
from tests.jobs.factories import BoothFactory, JobFairFactory, PositionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client, api_client):
    """The refusals are matched in English (the site's default is Chinese; one test checks that too)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    api_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def _live_fair(**kwargs):
    now = timezone.now()
    defaults = {
        "starts_at": now - datetime.timedelta(hours=1),
        "ends_at": now + datetime.timedelta(hours=5),
        "registration_opens_at": now - datetime.timedelta(days=3),
        "registration_closes_at": now + datetime.timedelta(hours=4),
    }
    return JobFairFactory(**(defaults | kwargs))


def _booth(fair, *positions):
    booth = BoothFactory(
        fair=fair, organization=positions[0].organization, status=Booth.Status.APPROVED, number=fair.booths.count() + 1
    )
    booth.positions.set(positions)
    return booth


@pytest.fixture
def scene():
    """A live fair whose one booth brings `at_fair`; another fair bringing `elsewhere`; `unlisted` at no booth."""
    fair, other_fair = _live_fair(), _live_fair()
    employer = OrganizationFactory()
    at_fair = PositionFactory(organization=employer)
    booth = _booth(fair, at_fair)
    elsewhere = PositionFactory()
    other_booth = _booth(other_fair, elsewhere)
    unlisted = PositionFactory(organization=employer)
    return {
        "fair": fair,
        "booth": booth,
        "other_fair": other_fair,
        "other_booth": other_booth,
        "at_fair": at_fair,
        "elsewhere": elsewhere,
        "unlisted": unlisted,
    }


def _page_count(client, fair) -> int:
    html = client.get(reverse("jobs:fair_detail", args=[fair.pk])).content.decode()
    stats = html[html.index('data-testid="fair-stats"') :]
    return [int(n) for n in re.findall(r'<div class="fs-4 fw-bold">(\d+)</div>', stats)][5]  # the sixth figure


def _api_count(api_client, fair) -> int:
    return api_client.get(f"/api/v1/fairs/{fair.pk}/stats/").json()["applications"]


def _export_count(client, fair) -> int:
    client.force_login(StaffFactory())
    response = client.get("/staff/exports/jobs-fairs.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    with translation.override("en"):  # the request left the site's language active
        column = next(i for i, c in enumerate(FAIR_COLUMNS) if str(c.header) == "Job applications")
    row = next(r for r in rows[1:] if r[0] == fair.title)
    return int(row[column])


def _counts(client, api_client, fair) -> tuple[int, int, int]:
    counts = (_page_count(client, fair), _api_count(api_client, fair), _export_count(client, fair))
    client.logout()
    return counts


# --- an application counts for a fair only if the fair offers the position ----------------------------------------


def test_page_apply_claiming_a_fair_that_does_not_offer_the_position_is_refused_and_not_counted(
    client, api_client, scene
):
    fair, veteran = scene["fair"], VeteranFactory()
    assert _counts(client, api_client, fair) == (0, 0, 0)
    client.force_login(veteran)
    for position in (scene["unlisted"], scene["elsewhere"]):  # at no booth; at another fair's booth
        response = client.post(
            reverse("jobs:apply", args=[position.pk]), {"fair": fair.pk, "source": "scan"}, follow=True
        )
        assert "This position is not offered at that job fair." in response.content.decode()
        assert not Application.objects.filter(veteran=veteran, position=position).exists()
    assert _counts(client, api_client, fair) == (0, 0, 0)
    assert Application.objects.filter(fair=fair).count() == 0


def test_api_apply_claiming_a_fair_that_does_not_offer_the_position_answers_400(client, api_client, scene):
    fair, veteran = scene["fair"], VeteranFactory()
    api_client.force_authenticate(veteran)
    response = api_client.post(
        f"/api/v1/positions/{scene['unlisted'].pk}/apply/", {"fair": fair.pk, "source": "scan"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["fair"] == ["This position is not offered at that job fair."]
    assert not Application.objects.filter(veteran=veteran).exists()
    assert _counts(client, api_client, fair) == (0, 0, 0)


def test_forged_fair_links_in_the_database_do_not_count(client, api_client, scene):
    """A fair link the fair does not back (written before this rule, or left after a booth was rejected) is not
    counted on the page, in the API or in the export; a genuine one is."""
    fair = scene["fair"]
    Application.objects.create(position=scene["unlisted"], veteran=VeteranFactory(), fair=fair, source="scan")
    Application.objects.create(position=scene["elsewhere"], veteran=VeteranFactory(), fair=fair, source="fair")
    Application.objects.create(
        position=scene["at_fair"], veteran=VeteranFactory(), fair=fair, status=Application.Status.HIRED
    )
    assert _counts(client, api_client, fair) == (1, 1, 1)
    assert api_client.get(f"/api/v1/fairs/{fair.pk}/stats/").json()["hires"] == 1
    Booth.objects.filter(pk=scene["booth"].pk).update(status=Booth.Status.REJECTED)
    assert _counts(client, api_client, fair) == (0, 0, 0)


# --- "scanned" only through the booth's signed link ----------------------------------------------------------------


def test_source_scan_without_a_valid_signature_is_recorded_as_a_fair_application(api_client, client, scene):
    fair, booth, position = scene["fair"], scene["booth"], scene["at_fair"]
    genuine = booth_scan_token(booth)
    value, timestamp, signature = genuine.split(":")
    another_booth_token = booth_scan_token(scene["other_booth"])
    stale = _token_signed_days_ago(booth, 31)
    claims = [
        {"source": "scan"},  # today's forgery: a bare claim
        {"scan": f"{value}:{timestamp}:{signature[:-2]}xy"},  # altered signature
        {"scan": f"{fair.pk}.{booth.pk}"},  # no signature at all
        {"scan": another_booth_token},  # genuine, but another fair's booth
        {"scan": stale},  # genuine, but older than FAIR_SCAN_LINK_MAX_AGE_DAYS
    ]
    for claim in claims:
        veteran = VeteranFactory()
        client.force_login(veteran)
        client.post(reverse("jobs:apply", args=[position.pk]), {"fair": fair.pk, "share_consent": "on", **claim})
        application = Application.objects.get(veteran=veteran, position=position)
        assert (application.source, application.fair_id) == (Application.Source.FAIR, fair.pk), claim
    veteran = VeteranFactory()
    api_client.force_authenticate(veteran)
    response = api_client.post(
        f"/api/v1/positions/{position.pk}/apply/",
        {"fair": fair.pk, "scan": stale, "source": "scan", "share_consent": True},
        format="json",
    )
    assert response.status_code == 201 and response.json()["source"] == Application.Source.FAIR
    # A forged scan with no fair claimed is just an online application, linked to no fair.
    response = api_client.post(
        f"/api/v1/positions/{scene['unlisted'].pk}/apply/",
        {"scan": another_booth_token, "share_consent": True},
        format="json",
    )
    assert response.status_code == 201 and response.json()["source"] == Application.Source.ONLINE
    assert Application.objects.get(pk=response.json()["id"]).fair_id is None


def _token_signed_days_ago(booth, days: int) -> str:
    real_time = signing.time.time
    signing.time.time = lambda: real_time() - days * 86400
    try:
        return booth_scan_token(booth)
    finally:
        signing.time.time = real_time


def test_a_valid_signed_scan_link_is_recorded_as_scan(client, api_client, scene):
    fair, booth, position = scene["fair"], scene["booth"], scene["at_fair"]
    member = OrgMemberFactory(org_type="employer", organization=booth.organization)
    client.force_login(member)
    booth_html = client.get(reverse("jobs:fair_booth", args=[fair.pk])).content.decode()
    link = unescape(re.search(r'href="([^"]*/booths/%d/\?scan=[^"]+)"' % booth.pk, booth_html).group(1))
    qr = client.get(reverse("jobs:booth_qr", args=[fair.pk, booth.pk]))
    assert qr.status_code == 200 and b"<svg" in qr.content
    veteran = VeteranFactory()
    client.force_login(veteran)
    page = client.get(link).content.decode()
    scan = re.search(r'name="scan" value="([^"]+)"', page).group(1)
    response = client.post(
        reverse("jobs:apply", args=[position.pk]), {"fair": fair.pk, "scan": unescape(scan), "share_consent": "on"}
    )
    assert response.status_code == 302
    application = Application.objects.get(veteran=veteran, position=position)
    assert (application.source, application.fair_id) == (Application.Source.SCAN, fair.pk)
    # The API takes the same link's token; the fair is found from it.
    other = VeteranFactory()
    api_client.force_authenticate(other)
    token = link.split("scan=", 1)[1]
    response = api_client.post(
        f"/api/v1/positions/{position.pk}/apply/", {"scan": unquote(token), "share_consent": True}, format="json"
    )
    assert response.status_code == 201 and response.json()["source"] == Application.Source.SCAN
    assert Application.objects.get(pk=response.json()["id"]).fair_id == fair.pk
    assert _counts(client, api_client, fair) == (2, 2, 2)


def test_booth_qr_is_only_for_its_employer_and_staff(client, scene):
    """The QR code holds a freshly signed link: handing it to anyone would let anyone mint "scanned" links."""
    url = reverse("jobs:booth_qr", args=[scene["fair"].pk, scene["booth"].pk])
    assert client.get(url).status_code == 302  # sign in first
    client.force_login(VeteranFactory())
    assert client.get(url).status_code == 404
    client.force_login(OrgMemberFactory(org_type="employer"))
    assert client.get(url).status_code == 404
    client.force_login(StaffFactory())
    assert client.get(url).status_code == 200


# --- check-in only in the fair's hours -----------------------------------------------------------------------------


def _registration(fair):
    return FairRegistration.objects.create(fair=fair, user=VeteranFactory(), seat=fair.registrations.count() + 1)


def _page_check_in(client, fair, registration, **extra):
    return client.post(reverse("jobs:fair_scan", args=[fair.pk]), {"token": check_in_token(registration), **extra})


def _api_check_in(api_client, fair, registration, **extra):
    return api_client.post(
        f"/api/v1/fairs/{fair.pk}/check-in/", {"token": check_in_token(registration), **extra}, format="json"
    )


def _fair_starting_in(minutes: int):
    now = timezone.now()
    return _live_fair(
        starts_at=now + datetime.timedelta(minutes=minutes),
        ends_at=now + datetime.timedelta(minutes=minutes, hours=4),
    )


def test_early_check_in_is_refused_on_the_page_and_in_the_api(client, api_client):
    fair = _fair_starting_in(3 * 60)
    registration = _registration(fair)
    staff = StaffFactory()
    client.force_login(staff)
    response = _page_check_in(client, fair, registration)
    assert response.status_code == 400
    assert "Check-in for this fair opens at" in response.content.decode()
    api_client.force_authenticate(staff)
    response = _api_check_in(api_client, fair, registration)
    assert response.status_code == 400 and "Check-in for this fair opens at" in response.json()["detail"][0]
    response = api_client.post(
        f"/api/v1/fairs/{fair.pk}/check-in/",
        {"token": check_in_token(registration)},
        format="json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 400 and "签到" in response.json()["detail"][0]
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_late_check_in_is_refused(client, api_client):
    now = timezone.now()
    fair = _live_fair(
        starts_at=now - datetime.timedelta(hours=5),
        ends_at=now - datetime.timedelta(hours=1),
        registration_closes_at=now - datetime.timedelta(hours=6),
    )
    registration = _registration(fair)
    member = OrgMemberFactory(org_type="employer")
    _booth(fair, PositionFactory(organization=member.organization))
    client.force_login(member)
    response = _page_check_in(client, fair, registration)
    assert response.status_code == 400 and "This fair has ended; check-in is closed." in response.content.decode()
    api_client.force_authenticate(member)
    response = _api_check_in(api_client, fair, registration)
    assert response.status_code == 400 and response.json()["detail"] == ["This fair has ended; check-in is closed."]
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_check_in_within_the_window_is_accepted(client, api_client, settings):
    early = _fair_starting_in(30)  # inside the default 60-minute margin
    client.force_login(StaffFactory())
    response = _page_check_in(client, early, (first := _registration(early)))
    assert response.status_code == 200 and 'data-testid="scan-result"' in response.content.decode()
    first.refresh_from_db()
    assert first.checked_in_at and first.check_in_override_reason == ""
    live = _live_fair()
    api_client.force_authenticate(StaffFactory())
    response = _api_check_in(api_client, live, _registration(live))
    assert response.status_code == 200 and response.json()["already_checked_in"] is False
    settings.FAIR_CHECKIN_EARLY_MINUTES = 10  # the margin is a setting
    response = _page_check_in(client, early, _registration(early))
    assert response.status_code == 400


def test_staff_override_outside_the_window_is_accepted_and_recorded(client, api_client):
    fair = _fair_starting_in(24 * 60)
    staff = StaffFactory()
    client.force_login(staff)
    registration = _registration(fair)
    response = _page_check_in(client, fair, registration, override="on")
    assert response.status_code == 400 and "Give a reason" in response.content.decode()
    response = _page_check_in(client, fair, registration, override="on", override_reason="入场闸机故障，人工核验")
    assert response.status_code == 200
    registration.refresh_from_db()
    assert registration.checked_in_at and registration.checked_in_by == staff
    assert registration.check_in_override_reason == "入场闸机故障，人工核验"
    entry = AuditLog.objects.get(actor=staff, target_id=str(registration.pk))
    assert entry.detail == {"event": "fair_check_in_override", "fair": fair.pk, "reason": "入场闸机故障，人工核验"}
    assert entry.target_type == "jobs.FairRegistration"

    via_api = _registration(fair)
    api_client.force_authenticate(staff)
    response = _api_check_in(api_client, fair, via_api, override=True, override_reason="提前布展志愿者")
    assert response.status_code == 200
    via_api.refresh_from_db()
    assert via_api.check_in_override_reason == "提前布展志愿者"
    assert AuditLog.objects.filter(target_id=str(via_api.pk), detail__event="fair_check_in_override").exists()


def test_only_bureau_staff_may_override(client, api_client):
    fair = _fair_starting_in(24 * 60)
    member = OrgMemberFactory(org_type="employer")
    _booth(fair, PositionFactory(organization=member.organization))
    registration = _registration(fair)
    api_client.force_authenticate(member)
    response = _api_check_in(api_client, fair, registration, override=True, override_reason="想提前")
    assert response.status_code == 403  # a refusal (AccessDenied), not a mistake in the input
    assert "Only bureau staff can check veterans in outside the fair's hours." in str(response.json()["detail"])
    registration.refresh_from_db()
    assert registration.checked_in_at is None
    assert not AuditLog.objects.filter(detail__event="fair_check_in_override").exists()


def test_position_page_carries_only_the_claims_the_service_will_accept(client, scene):
    """The booth page links each position with the fair and the signed token; the position page passes them on to
    its apply form only when they hold, so a stale or forged link still lets the veteran apply as an ordinary one."""
    fair, booth = scene["fair"], scene["booth"]
    client.force_login(VeteranFactory())
    token = booth_scan_token(booth)

    def hidden(position, query):
        html = client.get(reverse("jobs:position_detail", args=[position.pk]), query).content.decode()
        return dict(re.findall(r'type="hidden" name="(fair|scan)"(?: value="([^"]*)")?', html))

    assert hidden(scene["at_fair"], {"fair": fair.pk, "scan": token}) == {"fair": str(fair.pk), "scan": token}
    assert hidden(scene["at_fair"], {"fair": fair.pk, "scan": token + "x"}) == {"fair": str(fair.pk), "scan": ""}
    assert hidden(scene["unlisted"], {"fair": fair.pk, "scan": token}) == {"fair": "", "scan": ""}
