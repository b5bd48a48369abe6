"""Applying and the application pipeline: one per position, closed positions refuse, events and notices each step."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from jobs.models import Application, EmploymentRecord, FollowUp, Position
from jobs.services.applications import application_submit, application_transition
from jobs.services.followups import follow_up_record, follow_ups_remind
from portal.exceptions import AccessDenied
from portal.models import Notification
from tests.factories import OrgMemberFactory, UserFactory
from tests.jobs.factories import PositionFactory

pytestmark = pytest.mark.django_db
S = Application.Status


@pytest.fixture
def position(employer_member):
    return PositionFactory(organization=employer_member.organization)


def test_veteran_applies_once(veteran, position):
    application = application_submit(
        share_consent=True, channel="web", position=position, veteran=veteran, note="曾任汽车连驾驶员"
    )
    assert application.status == S.SUBMITTED
    assert application.profile_snapshot["name"].startswith("张")
    assert "*" in application.profile_snapshot["id_number"]
    assert application.events.count() == 1
    with pytest.raises(ValidationError, match="already applied"):
        application_submit(share_consent=True, channel="web", position=position, veteran=veteran)


def test_closed_position_refuses(veteran, position):
    Position.objects.filter(pk=position.pk).update(status=Position.Status.CLOSED)
    with pytest.raises(ValidationError, match="no longer accepting"):
        application_submit(share_consent=True, channel="web", position=position, veteran=veteran)


def test_position_past_deadline_refuses(veteran, position):
    Position.objects.filter(pk=position.pk).update(deadline=timezone.localdate() - datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="no longer accepting"):
        application_submit(share_consent=True, channel="web", position=position, veteran=veteran)


def test_user_without_veteran_profile_cannot_apply(position):
    with pytest.raises(ValidationError, match="profile"):
        application_submit(share_consent=True, channel="web", position=position, veteran=UserFactory())


def test_pipeline_records_events_and_notifies_each_step(veteran, position, employer_member):
    application = application_submit(share_consent=True, channel="web", position=position, veteran=veteran)
    for status in (S.VIEWED, S.INTERVIEW, S.INTENT, S.HIRED):
        application = application_transition(application=application, actor=employer_member, to_status=status)
    events = list(application.events.values_list("from_status", "to_status", "actor"))
    assert [e[1] for e in events] == [S.SUBMITTED, S.VIEWED, S.INTERVIEW, S.INTENT, S.HIRED]
    assert events[-1][2] == employer_member.pk
    assert Notification.objects.filter(recipient=veteran, kind="jobs_application").count() == 5
    record = EmploymentRecord.objects.get(application=application)
    assert sorted(record.follow_ups.values_list("months", flat=True)) == [1, 3, 6]


def test_backward_and_final_moves_are_refused(veteran, position, employer_member):
    application = application_submit(share_consent=True, channel="web", position=position, veteran=veteran)
    application = application_transition(application=application, actor=employer_member, to_status=S.INTENT)
    with pytest.raises(ValidationError, match="cannot move"):
        application_transition(application=application, actor=employer_member, to_status=S.INTERVIEW)
    application = application_transition(application=application, actor=employer_member, to_status=S.REJECTED)
    with pytest.raises(ValidationError, match="cannot move"):
        application_transition(application=application, actor=employer_member, to_status=S.HIRED)


def test_other_employer_cannot_move_applicant(veteran, position):
    application = application_submit(share_consent=True, channel="web", position=position, veteran=veteran)
    stranger = OrgMemberFactory(org_type="employer")
    with pytest.raises(AccessDenied, match="another employer"):
        application_transition(application=application, actor=stranger, to_status=S.VIEWED)


def test_only_the_veteran_withdraws(veteran, position, employer_member):
    application = application_submit(share_consent=True, channel="web", position=position, veteran=veteran)
    with pytest.raises(AccessDenied, match="Only the applicant"):
        application_transition(application=application, actor=employer_member, to_status=S.WITHDRAWN)
    application = application_transition(application=application, actor=veteran, to_status=S.WITHDRAWN)
    assert application.status == S.WITHDRAWN


def test_follow_up_reminder_and_recording(veteran, position, employer_member, staff_user):
    application = application_submit(share_consent=True, channel="web", position=position, veteran=veteran)
    application_transition(application=application, actor=employer_member, to_status=S.HIRED)
    record = EmploymentRecord.objects.get(application=application)
    first = record.follow_ups.get(months=1)
    assert follow_ups_remind(today=first.due_on - datetime.timedelta(days=1)) == 0
    assert follow_ups_remind(today=first.due_on) == 1
    assert follow_ups_remind(today=first.due_on) == 0  # reminded once only
    assert Notification.objects.filter(recipient=employer_member, kind="jobs_follow_up").count() == 1
    # Staff of no bureau are not told (tests/jobs/test_follow_ups.py: the region's bureau is).
    assert not Notification.objects.filter(recipient=staff_user, kind="jobs_follow_up").exists()
    FollowUp.objects.filter(pk=first.pk).update(due_on=timezone.localdate())  # due today: it may be recorded now
    with pytest.raises(ValidationError):
        follow_up_record(follow_up=first, actor=employer_member, still_employed=False, reason="")
    follow_up_record(follow_up=first, actor=employer_member, still_employed=False, reason="回老家发展")
    record.refresh_from_db()
    assert record.status == EmploymentRecord.Status.LEFT
    stranger = OrgMemberFactory(org_type="employer")
    with pytest.raises(AccessDenied, match="another employer"):
        follow_up_record(follow_up=FollowUp.objects.get(record=record, months=3), actor=stranger, still_employed=True)
