"""The role workspaces (portal.workspace): who gets which workspace, and that their counted items count the
right rows (issue 17, item 1)."""

import pytest
from django.urls import reverse

from jobs.models import Application
from jobs.services.applications import application_submit
from portal.models import Role
from portal.workspace import main_tasks, workspace_roles, workspaces
from tests.factories import OrgMemberFactory, StaffFactory, UserFactory, VeteranFactory
from tests.jobs.factories import PositionFactory
from tests.training.factories import CourseFactory, SessionFactory, TrainingClassFactory

pytestmark = pytest.mark.django_db


def tallies(user) -> dict[str, int]:
    return {t.key: t.number for ws in workspaces(user) for s in ws.sections for t in s.tallies}


def test_a_new_account_gets_the_person_workspace_with_registration_as_its_next_step(client):
    user = UserFactory()
    assert workspace_roles(user) == [Role.VETERAN]
    client.force_login(user)
    page = client.get(reverse("portal:workspace")).content.decode()
    assert "完成退役报到" in page and reverse("portal:profile_edit") in page
    assert tallies(user)["portal.completeness"] == 0


def test_an_employer_member_gets_only_the_employer_workspace_with_its_applicants_counted(client):
    employer = OrgMemberFactory(org_type="employer")
    organization = employer.memberships.get().organization
    position = PositionFactory(organization=organization)
    PositionFactory(organization=organization, status="draft")
    application_submit(share_consent=True, channel="web", position=position, veteran=VeteranFactory())
    interview = application_submit(
        share_consent=True, channel="web", position=PositionFactory(organization=organization), veteran=VeteranFactory()
    )
    Application.objects.filter(pk=interview.pk).update(status=Application.Status.INTERVIEW)
    PositionFactory()  # another employer's: not counted

    assert workspace_roles(employer) == [Role.EMPLOYER]
    counts = tallies(employer)
    assert counts["jobs.new_applicants"] == 1 and counts["jobs.interviews"] == 1
    assert counts["jobs.published"] == 2 and counts["jobs.drafts"] == 1
    client.force_login(employer)
    page = client.get(reverse("portal:workspace")).content.decode()
    assert 'href="/jobs/employer/?status=submitted"' in page
    assert "完成退役报到" not in page and 'data-testid="workspace-veteran"' not in page
    assert "完成退役报到" not in client.get(reverse("portal:profile")).content.decode()


def test_an_institution_sees_todays_sessions_and_reaches_attendance_in_two_clicks(client):
    member = OrgMemberFactory(org_type="institution")
    institution = member.memberships.get().organization
    today = SessionFactory(training_class=TrainingClassFactory(course=CourseFactory(institution=institution)))
    SessionFactory()  # another institution's
    assert tallies(member)["training.sessions_today"] == 1
    client.force_login(member)
    manage = client.get(reverse("training:manage")).content.decode()
    assert reverse("training:manage_session", args=[today.pk]) in manage


def test_staff_get_the_workbench_with_each_queue_counted():
    staff = StaffFactory()
    PositionFactory(status="pending")
    VeteranFactory(profile=False)  # submitted, not verified
    assert workspace_roles(staff) == [Role.STAFF]
    counts = tallies(staff)
    assert counts["jobs.review"] == 1 and counts["portal.verify"] == 1
    assert {"benefits.applications", "training.claims", "entrepreneurship.staff_loans", "care.overdue"} <= set(counts)
    assert [task.url_name for task in main_tasks(staff)][:2] == ["portal:staff_dashboard", "portal:staff_act_search"]


def test_the_workspace_needs_sign_in(client):
    response = client.get(reverse("portal:workspace"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
