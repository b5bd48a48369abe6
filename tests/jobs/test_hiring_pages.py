"""Pages and admin of the hiring loop: bad input gives the translated error on the form (400, nothing saved),
the admin's actions go through the services, and a person's data download and erasure cover it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jobs import personal_data
from jobs.models import Interview
from jobs.services.interviews import interview_pick, interview_propose
from jobs.threads import APPLICATION_THREAD
from portal.models import ThreadMessage
from portal.services.threads import thread_message_send
from tests.factories import StaffFactory
from tests.jobs.hiring import applied, in_hours, invite
from tests.portal.helpers import MINIMAL_PDF

pytestmark = pytest.mark.django_db


def test_propose_page_shows_translated_field_errors_and_saves_nothing(client):
    application, employer, _veteran = applied()
    client.force_login(employer)
    url = f"/jobs/employer/applications/{application.pk}/interview/"
    assert client.get(url).status_code == 200
    at = in_hours(-3).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        url, {"time_1": at, "minutes": 30, "mode": "onsite", "address": "", "contact_name": "林", "contact_phone": "1"}
    )
    assert response.status_code == 400
    assert "请填写面试地址。" in response.content.decode()
    assert not Interview.objects.exists()
    response = client.post(
        url,
        {
            "time_1": at,
            "minutes": 30,
            "mode": "onsite",
            "address": "五四路",
            "contact_name": "林",
            "contact_phone": "0591-1234567",
        },
    )
    assert response.status_code == 400 and "面试时间必须晚于现在。" in response.content.decode()


def test_pick_page_refuses_a_taken_time_with_a_message(client):
    application, employer, veteran = applied()
    interview = invite(application, employer, 48)
    slot = interview.offered_slots.get()
    other, _e, rival = applied(employer=employer)
    rival_interview = interview_propose(application=other, actor=employer, offer_slots=[slot])
    interview_pick(interview=rival_interview, actor=rival, slot=slot)
    client.force_login(veteran)
    response = client.post(f"/jobs/interviews/{interview.pk}/pick/", {"slot": slot.pk})
    assert response.status_code == 400 and "该时间刚刚被预约" in response.content.decode()
    assert client.post(f"/jobs/interviews/{interview.pk}/pick/", {"slot": "x"}).status_code == 400
    assert client.post(f"/jobs/interviews/{interview.pk}/cancel/", {"reason": ""}).status_code == 400


def test_admin_cancels_an_interview_through_the_service_with_a_reason(client):
    application, employer, veteran = applied()
    interview = invite(application, employer, 48)
    interview_pick(interview=interview, actor=veteran, slot=interview.offered_slots.get())
    client.force_login(StaffFactory())
    form = {"action": "cancel_selected", "_selected_action": [interview.pk]}
    asked = client.post("/admin/jobs/interview/", form)
    assert asked.status_code == 200 and b"reason" in asked.content  # the reason is asked first
    client.post("/admin/jobs/interview/", {**form, "apply": "1", "reason": "用人单位已注销"}, follow=True)
    interview.refresh_from_db()
    assert interview.status == Interview.Status.CANCELLED and interview.cancel_reason == "用人单位已注销"
    assert interview.offered_slots.get().booking_id is None
    assert client.get("/admin/jobs/interview/add/").status_code == 403


def test_the_data_download_and_erasure_cover_interviews_and_messages():
    application, employer, veteran = applied()
    invite(application, employer, 48)
    pdf = SimpleUploadedFile("c.pdf", MINIMAL_PDF, content_type="application/pdf")
    thread_message_send(
        subject=application, policy=APPLICATION_THREAD, author=veteran, body="我的手机号是13900000000", attachment=pdf
    )
    thread_message_send(subject=application, policy=APPLICATION_THREAD, author=employer, body="收到")
    data = personal_data.export(veteran)
    assert data["interviews"][0]["status"] == "proposed"
    assert data["messages"][0]["body"].startswith("我的手机号")
    personal_data.erase(veteran)
    assert list(ThreadMessage.objects.values_list("body", flat=True)) == ["收到"]
