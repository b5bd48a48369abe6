"""Position workflow: create, submit, review (or auto-publish), close, expire."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from jobs.models import Position
from jobs.services.positions import position_approve, position_reject, position_save, position_submit, positions_expire
from jobs.tasks import expire_positions
from portal.exceptions import AccessDenied
from portal.models import AuditLog, Notification, Organization
from tests.factories import OrgMemberFactory, region
from tests.jobs.factories import PositionFactory, leaf_category

pytestmark = pytest.mark.django_db


def _data(**overrides):
    data = {
        "title": "无人机飞手",
        "description": "负责植保无人机作业",
        "category": leaf_category(),
        "region": region("350102"),
        "salary_min": 6000,
        "salary_max": 9000,
        "headcount": 3,
        "skills": "无人机, 植保，驾驶",
    }
    data.update(overrides)
    return data


def test_employer_creates_draft_then_submits_for_review(employer_member):
    position = position_save(organization=employer_member.organization, user=employer_member, data=_data())
    assert position.status == Position.Status.DRAFT
    assert position.skills == ["无人机", "植保", "驾驶"]
    position = position_submit(position=position, user=employer_member)
    assert position.status == Position.Status.PENDING


def test_trusted_employer_auto_publishes(employer_member):
    Organization.objects.filter(pk=employer_member.organization.pk).update(auto_publish=True)
    employer_member.organization.refresh_from_db()
    position = position_save(organization=employer_member.organization, user=employer_member, data=_data())
    position = position_submit(position=position, user=employer_member)
    assert position.status == Position.Status.PUBLISHED
    assert position.published_at is not None


def test_unverified_employer_cannot_post():
    member = OrgMemberFactory(org_type="employer")
    Organization.objects.filter(pk=member.organization.pk).update(status=Organization.Status.PENDING)
    member.organization.refresh_from_db()
    with pytest.raises(ValidationError, match="verified employers"):
        position_save(organization=member.organization, user=member, data=_data())


def test_salary_range_must_be_ordered(employer_member):
    with pytest.raises(ValidationError) as exc:
        position_save(
            organization=employer_member.organization,
            user=employer_member,
            data=_data(salary_min=9000, salary_max=5000),
        )
    assert "salary_max" in exc.value.message_dict


def test_cannot_edit_another_employers_position(employer_member):
    other = PositionFactory(status=Position.Status.DRAFT)
    with pytest.raises(AccessDenied, match="another employer"):
        position_save(organization=employer_member.organization, user=employer_member, data=_data(), position=other)


def test_staff_approves_and_employer_is_notified(employer_member, staff_user):
    position = PositionFactory(
        organization=employer_member.organization, status=Position.Status.PENDING, published_at=None
    )
    position_approve(position=position, staff=staff_user)
    position.refresh_from_db()
    assert position.status == Position.Status.PUBLISHED and position.reviewed_by == staff_user
    assert AuditLog.objects.filter(action=AuditLog.Action.APPROVE, target_id=str(position.pk)).exists()
    assert Notification.objects.filter(recipient=employer_member, kind="jobs_position").exists()


def test_reject_needs_a_reason_and_records_it(staff_user):
    position = PositionFactory(status=Position.Status.PENDING)
    with pytest.raises(ValidationError):
        position_reject(position=position, staff=staff_user, reason=" ")
    position_reject(position=position, staff=staff_user, reason="薪资描述不清")
    position.refresh_from_db()
    assert position.status == Position.Status.REJECTED and position.rejection_reason == "薪资描述不清"


def test_cannot_approve_a_published_position(staff_user):
    with pytest.raises(ValidationError, match="pending review"):
        position_approve(position=PositionFactory(), staff=staff_user)


def test_positions_expire_after_deadline():
    past = PositionFactory()
    Position.objects.filter(pk=past.pk).update(deadline=timezone.localdate() - datetime.timedelta(days=1))
    current = PositionFactory()
    assert expire_positions.delay().get() == 1
    past.refresh_from_db()
    current.refresh_from_db()
    assert past.status == Position.Status.EXPIRED and current.status == Position.Status.PUBLISHED
    assert positions_expire() == 0
