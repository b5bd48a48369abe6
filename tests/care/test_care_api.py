"""The care-visit API (issue 19, item 3) calls the same services as the staff pages: mark a veteran, list due and
overdue visits, record a visit with a follow-up task, close the task; anyone but staff is refused, bad input is a
400 with the field's translated message."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from portal.care.models import CareSubject, CareTask, CareVisit
from portal.models import AuditLog
from tests.factories import StaffFactory, UserFactory, VeteranFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_staff_mark_list_record_and_close_through_the_api(api):
    staff, colleague = StaffFactory(), StaffFactory()
    veteran = VeteranFactory().veteran_profile
    api.force_authenticate(staff)
    marked = api.post(
        "/api/v1/care-subjects/", {"veteran": veteran.pk, "reasons": ["elderly"], "interval_days": 30}, format="json"
    )
    assert marked.status_code == 201, marked.content
    subject = CareSubject.objects.get(veteran=veteran)
    visit = subject.visits.get()
    visit.due_on = timezone.localdate() - datetime.timedelta(days=3)
    visit.save()
    overdue = api.get("/api/v1/care-visits/?overdue=1").json()
    assert [v["id"] for v in overdue["results"]] == [visit.pk] and overdue["results"][0]["overdue"] is True
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    assert api.get(f"/api/v1/care-visits/?due_from={tomorrow}").json()["results"] == []
    record = {
        "visited_on": timezone.localdate().isoformat(),
        "visitors": "王科长、李干事",
        "condition": "poor",
        "needs": ["medical"],
        "tasks": [
            {"need": "medical", "description": "联系社区医生上门", "assigned_to": colleague.pk, "due_on": tomorrow}
        ],
    }
    recorded = api.post(f"/api/v1/care-visits/{visit.pk}/record/", record, format="json")
    assert recorded.status_code == 200, recorded.content
    assert recorded.json()["status"] == "done" and len(recorded.json()["tasks"]) == 1
    next_visit = subject.visits.planned().get()
    assert next_visit.due_on == timezone.localdate() + datetime.timedelta(days=30)
    task = CareTask.objects.get()
    api.force_authenticate(colleague)
    assert [t["id"] for t in api.get("/api/v1/care-tasks/").json()["results"]] == [task.pk]
    closed = api.post(f"/api/v1/care-tasks/{task.pk}/close/", {"outcome": "医生已上门"}, format="json")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert AuditLog.objects.filter(target_id=str(task.pk), actor=colleague).exists()


def test_bad_input_is_a_translated_400_and_changes_nothing(api):
    staff = StaffFactory()
    veteran = VeteranFactory().veteran_profile
    api.force_authenticate(staff)
    api.credentials(HTTP_ACCEPT_LANGUAGE="zh-hans")
    no_reason = api.post(
        "/api/v1/care-subjects/", {"veteran": veteran.pk, "reasons": [], "interval_days": 30}, format="json"
    )
    assert no_reason.status_code == 400 and "reasons" in no_reason.json()
    bad_interval = api.post(
        "/api/v1/care-subjects/", {"veteran": veteran.pk, "reasons": ["alone"], "interval_days": 7}, format="json"
    )
    assert bad_interval.status_code == 400 and "interval_days" in bad_interval.json()
    assert not CareSubject.objects.exists()
    assert api.get("/api/v1/care-visits/?due_from=tomorrow").status_code == 400
    api.post(
        "/api/v1/care-subjects/", {"veteran": veteran.pk, "reasons": ["alone"], "interval_days": 30}, format="json"
    )
    visit = CareVisit.objects.get()
    future = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    early = api.post(
        f"/api/v1/care-visits/{visit.pk}/record/",
        {"visited_on": future, "visitors": "王科长", "condition": "good"},
        format="json",
    )
    assert early.status_code == 400 and "visited_on" in early.json()
    visit.refresh_from_db()
    assert visit.status == CareVisit.Status.PLANNED
    assert api.post("/api/v1/care-tasks/424242/close/", {"outcome": "x"}, format="json").status_code == 404


def test_nobody_but_staff_reaches_care_records(api):
    staff = StaffFactory()
    veteran = VeteranFactory()
    api.force_authenticate(staff)
    api.post(
        "/api/v1/care-subjects/",
        {"veteran": veteran.veteran_profile.pk, "reasons": ["alone"], "interval_days": 30},
        format="json",
    )
    for user in (veteran, UserFactory()):
        api.force_authenticate(user)
        for url in ("/api/v1/care-subjects/", "/api/v1/care-visits/", "/api/v1/care-tasks/"):
            assert api.get(url).status_code == 403
    api.force_authenticate(None)
    assert api.get("/api/v1/care-visits/").status_code in (401, 403)
