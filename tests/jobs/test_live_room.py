"""The live-stream fair room: switching the presenter (who may), the schedule (no overlaps, within the fair), the
viewer count from heartbeats, the polled state, and one-tap applying attributed to the fair and the booth."""

import datetime
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from jobs.models import Application, JobFair, PresentationSlot
from jobs.services.live import (
    fair_presenter_set,
    live_viewer_count,
    live_viewer_heartbeat,
    presentation_slot_add,
)
from portal.exceptions import AccessDenied
from portal.models import AuditLog
from tests.factories import OrgMemberFactory, StaffFactory, VeteranFactory
from tests.jobs.factories import JobFairFactory, PositionFactory
from tests.jobs.live_helpers import live_fair

pytestmark = pytest.mark.django_db


@pytest.fixture
def room():
    return live_fair()


def test_staff_switch_the_presenter_and_it_is_audited(room):
    staff = StaffFactory()
    fair = fair_presenter_set(fair=room.fair, booth=room.booths[0], actor=staff)
    assert fair.presenting_booth == room.booths[0] and fair.presenting_since is not None
    assert AuditLog.objects.filter(actor=staff, detail__event="live_presenter_set").count() == 1
    fair = fair_presenter_set(fair=fair, booth=None, actor=staff)
    assert fair.presenting_booth is None and fair.presenting_since is None


def test_presenting_employer_hands_over_but_another_employer_cannot_take_the_stream(room):
    fair_presenter_set(fair=room.fair, booth=room.booths[0], actor=StaffFactory())
    with pytest.raises(AccessDenied):
        fair_presenter_set(fair=room.fair, booth=room.booths[1], actor=room.employers[1])
    fair = fair_presenter_set(fair=room.fair, booth=room.booths[1], actor=room.employers[0])
    assert fair.presenting_booth == room.booths[1]
    with pytest.raises(AccessDenied):
        fair_presenter_set(fair=room.fair, booth=room.booths[0], actor=VeteranFactory())


def test_an_employer_takes_its_turn_during_its_scheduled_slot(room):
    now = timezone.now()
    presentation_slot_add(
        fair=room.fair,
        booth=room.booths[1],
        starts_at=now - datetime.timedelta(minutes=5),
        ends_at=now + datetime.timedelta(minutes=25),
        staff=StaffFactory(),
    )
    fair = fair_presenter_set(fair=room.fair, booth=room.booths[1], actor=room.employers[1])
    assert fair.presenting_booth == room.booths[1]


def test_presenter_must_be_an_approved_booth_of_a_live_stream_fair(room):
    staff = StaffFactory()
    other = live_fair()
    with pytest.raises(ValidationError) as refused:
        fair_presenter_set(fair=room.fair, booth=other.booths[0], actor=staff)
    assert "approved booth of this fair" in str(refused.value)
    onsite = JobFairFactory()
    with pytest.raises(ValidationError):
        fair_presenter_set(fair=onsite, booth=None, actor=staff)


def test_schedule_refuses_overlaps_and_times_outside_the_fair(room):
    staff = StaffFactory()
    start = room.fair.starts_at + datetime.timedelta(minutes=30)
    presentation_slot_add(
        fair=room.fair,
        booth=room.booths[0],
        starts_at=start,
        ends_at=start + datetime.timedelta(minutes=30),
        staff=staff,
    )
    with pytest.raises(ValidationError) as clash:
        presentation_slot_add(
            fair=room.fair,
            booth=room.booths[1],
            starts_at=start + datetime.timedelta(minutes=20),
            ends_at=start + datetime.timedelta(minutes=50),
            staff=staff,
        )
    assert "presents then already" in str(clash.value)
    with pytest.raises(ValidationError):
        presentation_slot_add(
            fair=room.fair,
            booth=room.booths[1],
            starts_at=room.fair.ends_at - datetime.timedelta(minutes=10),
            ends_at=room.fair.ends_at + datetime.timedelta(minutes=10),
            staff=staff,
        )
    with pytest.raises(AccessDenied):
        presentation_slot_add(
            fair=room.fair,
            booth=room.booths[1],
            starts_at=start + datetime.timedelta(hours=1),
            ends_at=start + datetime.timedelta(hours=2),
            staff=room.employers[1],
        )
    assert PresentationSlot.objects.filter(fair=room.fair).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_slot_additions_for_one_time_keep_one(room):
    if connection.vendor != "postgresql":
        pytest.fail("needs PostgreSQL")
    staff = StaffFactory()
    start = room.fair.starts_at + datetime.timedelta(hours=1)

    def add(booth):
        try:
            presentation_slot_add(
                fair=room.fair,
                booth=booth,
                starts_at=start,
                ends_at=start + datetime.timedelta(minutes=30),
                staff=staff,
            )
            return True
        except ValidationError:
            return False
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(add, [room.booths[i % 2] for i in range(6)]))
    assert results.count(True) == 1
    assert PresentationSlot.objects.filter(fair=room.fair).count() == 1


def test_viewer_count_counts_each_open_room_once(room):
    # At the start of a 30-second bucket, so the steps below fall in known buckets.
    start = int(timezone.now().timestamp()) // 30 * 30 + 2
    now = datetime.datetime.fromtimestamp(start, tz=datetime.UTC)
    first, second = "a" * 32, "b" * 32
    live_viewer_heartbeat(fair_id=room.fair.pk, viewer=first, now=now)
    live_viewer_heartbeat(fair_id=room.fair.pk, viewer=first, now=now + datetime.timedelta(seconds=1))
    assert live_viewer_heartbeat(fair_id=room.fair.pk, viewer=second, now=now) == 2
    # In the next buckets the last full bucket still counts both until they stop beating.
    later = now + datetime.timedelta(seconds=31)
    assert live_viewer_count(room.fair.pk, now=later) == 2
    assert live_viewer_count(room.fair.pk, now=now + datetime.timedelta(seconds=95)) == 0
    with pytest.raises(ValidationError):
        live_viewer_heartbeat(fair_id=room.fair.pk, viewer="not-a-viewer")


def test_state_json_follows_the_presenter(client, room):
    url = reverse("jobs:fair_live_state", args=[room.fair.pk])
    assert client.get(url).json()["presenting"] is None
    fair_presenter_set(fair=room.fair, booth=room.booths[1], actor=StaffFactory())
    state = client.get(url).json()
    assert state["presenting"]["employer"] == room.booths[1].organization.name
    assert [p["title"] for p in state["presenting"]["positions"]] == ["物流调度员"]
    booth = room.booths[1]
    # The presenting booth's page, where a viewer takes a number in its on-site interview queue.
    assert state["presenting"]["queue_url"] == reverse("jobs:booth_page", args=[booth.fair_id, booth.pk])
    assert state["applied"] == [] and state["can_switch"] is False


def test_applying_in_the_room_attributes_the_fair_and_the_presenting_booth(client, room):
    booth = room.booths[0]
    position = booth.positions.get()
    veteran = VeteranFactory()
    client.force_login(veteran)
    url = reverse("jobs:fair_live_apply", args=[room.fair.pk])
    data = {"position": position.pk, "booth": booth.pk, "share_consent": "on"}
    answer = client.post(url, data, HTTP_ACCEPT="application/json")
    assert answer.status_code == 200 and answer.json()["ok"]
    application = Application.objects.get(veteran=veteran, position=position)
    assert (application.fair, application.booth, application.source) == (room.fair, booth, Application.Source.LIVE)
    again = client.post(url, {"position": position.pk, "booth": booth.pk}, HTTP_ACCEPT="application/json")
    assert again.status_code == 400 and "您已经申请过该岗位" in again.json()["message"]


def test_room_refuses_a_position_the_booth_does_not_bring(client, room):
    client.force_login(VeteranFactory())
    url = reverse("jobs:fair_live_apply", args=[room.fair.pk])
    elsewhere = PositionFactory()
    for data in (
        {"position": elsewhere.pk, "booth": room.booths[0].pk, "share_consent": "on"},
        {"position": room.booths[1].positions.get().pk, "booth": room.booths[0].pk, "share_consent": "on"},
        {"position": "x", "booth": "", "share_consent": "on"},
        {"position": 999999, "booth": room.booths[0].pk, "share_consent": "on"},
    ):
        answer = client.post(url, data, HTTP_ACCEPT="application/json")
        assert answer.status_code == 400, data
        assert answer.json()["message"]
    assert not Application.objects.exists()
    plain = client.post(url, {"position": elsewhere.pk, "booth": room.booths[0].pk})
    assert plain.status_code == 302 and plain.url == reverse("jobs:fair_live", args=[room.fair.pk])


def test_switch_by_page_and_refusal_for_a_stranger(client, room):
    url = reverse("jobs:fair_live_presenter", args=[room.fair.pk])
    client.force_login(OrgMemberFactory(org_type="employer"))
    assert client.post(url, {"booth": room.booths[0].pk}, HTTP_ACCEPT="application/json").status_code == 403
    client.force_login(StaffFactory())
    answer = client.post(url, {"booth": room.booths[0].pk}, HTTP_ACCEPT="application/json")
    assert answer.status_code == 200
    bad = client.post(url, {"booth": "abc"}, HTTP_ACCEPT="application/json")
    assert bad.status_code == 400 and bad.json()["message"]
    assert JobFair.objects.get(pk=room.fair.pk).presenting_booth == room.booths[0]


def test_page_without_a_playable_stream_shows_schedule_and_a_note(client, room):
    fair_presenter_set(fair=room.fair, booth=room.booths[0], actor=StaffFactory())
    page = client.get(reverse("jobs:fair_live", args=[room.fair.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="no-stream"' in body and "无人机飞手" in body
    assert "<script>" not in body and "hls.min.js" not in body


def test_page_with_an_hls_stream_lets_the_player_reach_its_origin(client):
    room = live_fair(stream_url="https://live.example.cn/fair/index.m3u8")
    page = client.get(reverse("jobs:fair_live", args=[room.fair.pk]))
    policy = page["Content-Security-Policy"]
    assert "https://live.example.cn" in policy.split("connect-src")[1].split(";")[0]
    assert "https://live.example.cn" in policy.split("media-src")[1].split(";")[0]
    assert "hls.min.js" in page.content.decode()


def test_fairs_without_a_live_room_answer_404(client):
    onsite = JobFairFactory()
    assert client.get(reverse("jobs:fair_live", args=[onsite.pk])).status_code == 404
    assert client.get(reverse("jobs:fair_live_state", args=[onsite.pk])).status_code == 404


def test_staff_schedule_page_adds_and_removes_slots_with_translated_errors(client, room):
    client.force_login(StaffFactory())
    url = reverse("jobs:staff_live_schedule", args=[room.fair.pk])
    assert client.get(url).status_code == 200
    start = timezone.localtime(room.fair.starts_at + datetime.timedelta(minutes=30))
    data = {
        "booth": room.booths[0].pk,
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + datetime.timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M"),
        "topic": "岗位介绍",
    }
    assert client.post(url, data).status_code == 302
    slot = PresentationSlot.objects.get()
    clash = client.post(url, {**data, "booth": room.booths[1].pk}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert clash.status_code == 400
    assert "同一时间只能有一家单位" in clash.content.decode()
    backwards = client.post(url, {**data, "ends_at": data["starts_at"]})
    assert backwards.status_code == 400
    remove = reverse("jobs:staff_live_slot_remove", args=[room.fair.pk, slot.pk])
    assert client.post(remove).status_code == 302
    assert not PresentationSlot.objects.exists()


def test_the_room_through_the_api_switches_and_applies_with_the_services_rules(room):
    from rest_framework.test import APIClient

    api = APIClient()
    url = f"/api/v1/live-rooms/{room.fair.pk}/"
    assert api.get(url).json()["presenting"] is None
    api.force_authenticate(VeteranFactory())
    assert api.post(url + "presenter/", {"booth": room.booths[0].pk}, format="json").status_code == 403
    api.force_authenticate(StaffFactory())
    assert api.post(url + "presenter/", {"booth": 424242}, format="json").status_code == 400
    switched = api.post(url + "presenter/", {"booth": room.booths[1].pk}, format="json")
    assert switched.status_code == 200 and switched.json()["presenting"]["employer"] == room.booths[1].organization.name
    veteran = VeteranFactory()
    api.force_authenticate(veteran)
    position = room.booths[1].positions.get()
    wrong = api.post(
        url + "apply/", {"booth": room.booths[0].pk, "position": position.pk, "share_consent": True}, format="json"
    )
    assert wrong.status_code == 400
    applied = api.post(
        url + "apply/", {"booth": room.booths[1].pk, "position": position.pk, "share_consent": True}, format="json"
    )
    assert applied.status_code == 201, applied.content
    application = Application.objects.get(pk=applied.json()["application"])
    assert (application.fair, application.booth, application.veteran) == (room.fair, room.booths[1], veteran)
