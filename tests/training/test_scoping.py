"""An institution sees and changes only its own classes, enrolments and attendance; pages and API."""

import pytest
from django.urls import reverse

from tests.factories import OrgMemberFactory, VeteranFactory
from tests.training.factories import SessionFactory
from training import services
from training.models import Attendance, Enrollment
from training.services import checkin

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_member(db):
    return OrgMemberFactory(org_type="institution")


@pytest.fixture
def enrollment(training_class):
    return services.enrollment_create(training_class=training_class, veteran=VeteranFactory())


def test_institution_pages_404_for_other_institution(client, other_member, institution_member, enrollment):
    session = SessionFactory(training_class=enrollment.training_class)
    client.force_login(other_member)
    assert client.get(reverse("training:manage_class", args=[enrollment.training_class_id])).status_code == 404
    assert client.get(reverse("training:manage_session", args=[session.pk])).status_code == 404
    assert client.get(reverse("training:manage_session_qr", args=[session.pk])).status_code == 404
    assert (
        client.get(reverse("training:manage_course_edit", args=[enrollment.training_class.course_id])).status_code
        == 404
    )
    r = client.post(reverse("training:manage_enrollment_action", args=[enrollment.pk, "reject"]), {"reason": "x"})
    assert r.status_code == 404
    r = client.post(
        reverse("training:manage_session_mark", args=[session.pk]), {"enrollment": enrollment.pk, "present": "1"}
    )
    assert r.status_code == 404
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.ENROLLED
    assert not Attendance.objects.exists()
    # the owner can
    client.force_login(institution_member)
    page = client.get(reverse("training:manage_session", args=[session.pk]))
    assert page.status_code == 200 and checkin.short_code(session.pk, checkin.time_step()) in page.content.decode()
    client.post(
        reverse("training:manage_session_mark", args=[session.pk]), {"enrollment": enrollment.pk, "present": "1"}
    )
    assert Attendance.objects.filter(enrollment=enrollment, method="manual").exists()


def test_api_enrollments_scoped(api_client, other_member, institution_member, enrollment):
    api_client.force_authenticate(other_member)
    assert api_client.get("/api/v1/enrollments/").json()["count"] == 0
    assert api_client.get(f"/api/v1/enrollments/{enrollment.pk}/").status_code == 404
    assert api_client.post(f"/api/v1/enrollments/{enrollment.pk}/reject/", {"reason": "x"}).status_code == 404
    api_client.force_authenticate(institution_member)
    data = api_client.get("/api/v1/enrollments/").json()
    assert data["count"] == 1 and "*" in data["results"][0]["veteran_name"]
    api_client.force_authenticate(VeteranFactory())
    assert api_client.get(f"/api/v1/enrollments/{enrollment.pk}/").status_code == 404


def test_api_enrol_and_check_in(api_client, training_class):
    veteran = VeteranFactory()
    api_client.force_authenticate(veteran)
    r = api_client.post(f"/api/v1/classes/{training_class.pk}/enroll/")
    assert r.status_code == 201 and r.json()["status"] == "enrolled"
    r = api_client.post(f"/api/v1/classes/{training_class.pk}/enroll/")
    assert r.status_code == 400
    session = SessionFactory(training_class=training_class)
    r = api_client.post(f"/api/v1/sessions/{session.pk}/check-in/", {"code": "abcdef"})
    assert r.status_code == 400
    code = checkin.short_code(session.pk, checkin.time_step())
    assert api_client.post(f"/api/v1/sessions/{session.pk}/check-in/", {"code": code}).status_code == 201


def test_api_courses_search_and_claims_staff_only(api_client, institution_member, training_class):
    course = training_class.course
    services.course_save(course=course)
    r = api_client.get("/api/v1/courses/", {"q": "机器人"})
    assert r.status_code == 200 and r.json()["count"] >= 1
    api_client.force_authenticate(VeteranFactory())
    assert api_client.get("/api/v1/subsidy-claims/").json()["count"] == 0


def test_catalogue_page_search_renders_chinese(client, training_class):
    services.course_save(course=training_class.course)
    page = client.get(reverse("training:index"), {"q": "机器人运维"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 200
    assert training_class.course.title in page.content.decode()
    assert client.get(reverse("training:class_detail", args=[training_class.pk])).status_code == 200
    assert client.get(reverse("training:course_detail", args=[training_class.course_id])).status_code == 200


def test_api_reject_answers_404_before_reading_the_input_for_another_institution(api_client, other_member, enrollment):
    """Another party's enrolment is not found whatever the body: the lookup comes before input validation, as in the
    other actions (an empty body used to get a 400 field error, as if the enrolment were the caller's)."""
    api_client.force_authenticate(other_member)
    assert api_client.post(f"/api/v1/enrollments/{enrollment.pk}/reject/", {}).status_code == 404
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.ENROLLED
