"""API of the hiring loop: interviews (propose, pick, another time, reschedule, cancel, outcome), the booth queue
and the message threads — the same services as the pages, bad input 400 with field errors, others' objects 404."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from jobs.models import Booth, Interview, InterviewSlot
from tests.factories import OrgMemberFactory, VeteranFactory
from tests.jobs.factories import BoothFactory, JobFairFactory
from tests.jobs.hiring import applied, details, in_hours
from tests.portal.helpers import MINIMAL_PDF

pytestmark = pytest.mark.django_db


def propose(api_client, employer, application, **extra):
    api_client.force_authenticate(employer)
    payload = {"application": application.pk, "times": [in_hours(48).isoformat()], "details": details(), **extra}
    return api_client.post("/api/v1/interviews/", payload, format="json")


def test_propose_pick_reschedule_cancel_through_the_api(api_client):
    application, employer, veteran = applied()
    response = propose(api_client, employer, application, note="请带身份证")
    assert response.status_code == 201, response.json()
    interview = response.json()
    assert interview["status"] == "proposed" and len(interview["offered_slots"]) == 1
    slot_id = interview["offered_slots"][0]["id"]

    api_client.force_authenticate(veteran)
    picked = api_client.post(f"/api/v1/interviews/{interview['id']}/pick/", {"slot": slot_id}, format="json")
    assert picked.status_code == 200 and picked.json()["booked_slot"]["id"] == slot_id
    again = api_client.post(f"/api/v1/interviews/{interview['id']}/pick/", {"slot": slot_id}, format="json")
    assert again.status_code == 400

    moved = api_client.post(f"/api/v1/interviews/{interview['id']}/reschedule/", {"reason": "临时有事"}, format="json")
    assert moved.status_code == 200 and moved.json()["status"] == "retime"
    api_client.force_authenticate(employer)
    offered = api_client.post(
        f"/api/v1/interviews/{interview['id']}/reschedule/",
        {"times": [in_hours(72).isoformat()], "details": details()},
        format="json",
    )
    assert offered.status_code == 200 and offered.json()["status"] == "proposed"
    cancelled = api_client.post(f"/api/v1/interviews/{interview['id']}/cancel/", {"reason": "岗位已招满"})
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"


def test_bad_input_is_a_400_with_field_errors_never_a_500(api_client):
    application, employer, _veteran = applied()
    bad = propose(api_client, employer, application, details=details(address="", contact_phone="x"))
    assert bad.status_code == 400 and "address" in bad.json()
    bad = propose(api_client, employer, application, times=["next tuesday"])
    assert bad.status_code == 400 and "times" in bad.json()
    bad = propose(api_client, employer, application, details=details(interviewer=999999))
    assert bad.status_code == 400 and "interviewer" in bad.json()
    assert not Interview.objects.exists()


def test_others_cannot_propose_or_act_on_an_interview(api_client):
    application, employer, _veteran = applied()
    assert propose(api_client, OrgMemberFactory(org_type="employer"), application).status_code == 404
    interview_id = propose(api_client, employer, application).json()["id"]
    slot_id = InterviewSlot.objects.get().pk
    api_client.force_authenticate(VeteranFactory())
    assert api_client.get(f"/api/v1/interviews/{interview_id}/").status_code == 404
    assert api_client.post(f"/api/v1/interviews/{interview_id}/pick/", {"slot": slot_id}).status_code == 404
    api_client.force_authenticate(employer)  # the employer cannot pick for the applicant
    assert api_client.post(f"/api/v1/interviews/{interview_id}/pick/", {"slot": slot_id}).status_code == 404


def test_booth_queue_through_the_api(api_client):
    now = timezone.now()
    fair = JobFairFactory(starts_at=now - datetime.timedelta(hours=1), ends_at=now + datetime.timedelta(hours=3))
    member = OrgMemberFactory(org_type="employer")
    booth = BoothFactory(fair=fair, organization=member.organization, status=Booth.Status.APPROVED, number=3)
    first, second = VeteranFactory(), VeteranFactory()
    api_client.force_authenticate(first)
    a = api_client.post(f"/api/v1/booths/{booth.pk}/queue/", {}, format="json").json()
    assert api_client.get(f"/api/v1/booths/{booth.pk}/queue/").status_code == 404  # members only
    api_client.force_authenticate(second)
    b = api_client.post(f"/api/v1/booths/{booth.pk}/queue/", {}, format="json").json()
    assert (a["number"], b["number"], b["ahead"]) == (1, 2, 1)
    api_client.force_authenticate(member)
    assert [t["number"] for t in api_client.get(f"/api/v1/booths/{booth.pk}/queue/").json()] == [1, 2]
    called = api_client.post(f"/api/v1/booths/{booth.pk}/queue/call-next/").json()
    assert called["number"] == 1 and called["status"] == "called"
    bad = api_client.post(f"/api/v1/queue-tickets/{a['id']}/finish/", {"outcome": "hired"})
    assert bad.status_code == 400
    assert api_client.post(f"/api/v1/queue-tickets/{a['id']}/finish/", {"outcome": "done"}).status_code == 200
    api_client.force_authenticate(second)
    assert api_client.get(f"/api/v1/queue-tickets/{b['id']}/").json()["ahead"] == 0
    assert api_client.post(f"/api/v1/queue-tickets/{b['id']}/leave/").json()["status"] == "left"
    assert api_client.post(f"/api/v1/queue-tickets/{a['id']}/leave/").status_code == 404


def test_threads_through_the_api(api_client):
    application, employer, veteran = applied()
    api_client.force_authenticate(veteran)
    pdf = SimpleUploadedFile("cert.pdf", MINIMAL_PDF, content_type="application/pdf")
    sent = api_client.post(f"/api/v1/threads/{application.pk}/messages/", {"body": "附上证书", "attachment": pdf})
    assert sent.status_code == 201 and sent.json()["attachment_url"]
    assert api_client.post(f"/api/v1/threads/{application.pk}/messages/", {"body": ""}).status_code == 400
    api_client.force_authenticate(employer)
    listing = api_client.get("/api/v1/threads/").json()["results"]
    assert listing[0]["unread_messages"] == 1
    messages = api_client.get(f"/api/v1/threads/{application.pk}/").json()
    assert messages[0]["body"] == "附上证书" and messages[0]["from_applicant"] is True
    assert api_client.get("/api/v1/threads/").json()["results"][0]["unread_messages"] == 0
    assert api_client.post(f"/api/v1/threads/{application.pk}/complaint/", {"reason": ""}).status_code == 400
    assert api_client.post(f"/api/v1/threads/{application.pk}/complaint/", {"reason": "骚扰"}).status_code == 204
    api_client.force_authenticate(VeteranFactory())
    assert api_client.get(f"/api/v1/threads/{application.pk}/").status_code == 404
