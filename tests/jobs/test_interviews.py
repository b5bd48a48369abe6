"""Interview scheduling: the rules and refusals of each service (propose, pick, another time, reschedule, cancel,
outcome) and what the applicant is told."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from jobs.calendar import interview_ics
from jobs.models import Application, Interview, InterviewEvent, InterviewSlot
from jobs.services import interviews as svc
from jobs.services.applications import application_transition
from portal.exceptions import AccessDenied
from portal.models import Notification
from tests.factories import OrgMemberFactory, VeteranFactory
from tests.jobs.hiring import applied, details, in_hours, invite

pytestmark = pytest.mark.django_db


def test_propose_offers_times_moves_the_application_and_invites_with_the_employers_note():
    application, employer, veteran = applied()
    interview = invite(application, employer, 48, 72, note="请带上驾驶证原件。")
    assert interview.status == Interview.Status.PROPOSED
    assert interview.offered_slots.count() == 2
    application.refresh_from_db()
    assert application.status == Application.Status.INTERVIEW
    notice = Notification.objects.get(recipient=veteran, kind="jobs_interview")
    assert "请带上驾驶证原件。" in notice.body
    assert notice.url == f"/jobs/interviews/{interview.pk}/"
    # the status change itself is not announced a second time as a bare "Interview"
    assert not Notification.objects.filter(recipient=veteran, event_key__endswith="-interview").exists()


def test_the_veterans_own_submission_is_not_announced_as_the_employers_update():
    application, _employer, veteran = applied()
    notice = Notification.objects.get(recipient=veteran, kind="jobs_application")
    # written in the applicant's language (Chinese by default), as theirs: "sent to the employer"
    assert notice.body == f"您的求职申请已发送给 {application.position.organization.name}。"
    assert "更新了" not in notice.body


def test_the_status_notice_carries_the_employers_note():
    application, employer, veteran = applied()
    application_transition(application=application, actor=employer, to_status="intent", note="下周一来签合同")
    notice = Notification.objects.get(recipient=veteran, event_key=f"jobs-application-{application.pk}-intent")
    assert "下周一来签合同" in notice.body


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"address": ""}, "address"),
        ({"mode": "video", "video_link": "meeting room 3"}, "video_link"),
        ({"mode": "video", "video_link": ""}, "video_link"),
        ({"contact_phone": "call me"}, "contact_phone"),
        ({"contact_name": " "}, "contact_name"),
        ({"minutes": 5}, "minutes"),
        ({"mode": "carrier pigeon"}, "mode"),
    ],
)
def test_bad_details_are_refused_field_by_field_and_nothing_is_saved(changes, field):
    application, employer, _veteran = applied()
    with pytest.raises(ValidationError) as exc:
        invite(application, employer, 48, **changes)
    assert field in exc.value.message_dict
    assert not Interview.objects.exists() and not InterviewSlot.objects.exists()


def test_past_and_missing_times_are_refused():
    application, employer, _veteran = applied()
    with pytest.raises(ValidationError) as exc:
        invite(application, employer, -2)
    assert "times" in exc.value.message_dict
    with pytest.raises(ValidationError):
        svc.interview_propose(application=application, actor=employer, times=[], details=details())


def test_only_the_positions_employer_proposes_and_not_twice_at_once():
    application, employer, veteran = applied()
    with pytest.raises(AccessDenied):
        invite(application, OrgMemberFactory(org_type="employer"), 48)
    with pytest.raises(AccessDenied):
        invite(application, veteran, 48)
    invite(application, employer, 48)
    with pytest.raises(ValidationError, match="already has an interview"):
        invite(application, employer, 96)


def test_an_interviewer_must_be_a_member_and_one_time_per_interviewer():
    application, employer, _veteran = applied()
    with pytest.raises(ValidationError) as exc:
        invite(application, employer, 48, interviewer=VeteranFactory())
    assert "interviewer" in exc.value.message_dict
    invite(application, employer, 48, interviewer=employer)
    other, _e, _v = applied(employer=employer)
    with pytest.raises(ValidationError, match="offer that one instead"):
        invite(other, employer, 48, interviewer=employer)


def test_pick_books_the_slot_for_one_applicant_only_and_confirms_to_both():
    application, employer, veteran = applied()
    interview = invite(application, employer, 48)
    slot = interview.offered_slots.get()
    other, _e, rival = applied(employer=employer)
    rival_interview = svc.interview_propose(application=other, actor=employer, offer_slots=[slot])
    svc.interview_pick(interview=interview, actor=veteran, slot=slot)
    slot.refresh_from_db()
    assert slot.booking_id == interview.pk
    interview.refresh_from_db()
    assert interview.status == Interview.Status.BOOKED and interview.booking_round == 1
    assert Notification.objects.filter(recipient=employer, kind="jobs_interview").exists()
    with pytest.raises(ValidationError, match="just been taken"):
        svc.interview_pick(interview=rival_interview, actor=rival, slot=slot)


def test_pick_refuses_another_person_and_a_time_not_offered():
    application, employer, veteran = applied()
    interview = invite(application, employer, 48)
    other = invite(*applied(employer=employer)[:2], 96)
    with pytest.raises(AccessDenied):
        svc.interview_pick(interview=interview, actor=VeteranFactory(), slot=interview.offered_slots.get())
    with pytest.raises(ValidationError, match="offered to you"):
        svc.interview_pick(interview=interview, actor=veteran, slot=other.offered_slots.get())


def test_an_interviewer_is_never_booked_twice_at_overlapping_times():
    application, employer, veteran = applied()
    first = invite(application, employer, 48, interviewer=employer, minutes=60)
    svc.interview_pick(interview=first, actor=veteran, slot=first.offered_slots.get())
    other, _e, _rival = applied(employer=employer)
    with pytest.raises(ValidationError, match="already has an interview booked"):
        invite(other, employer, 48.5, interviewer=employer)


def test_another_time_then_new_times_then_pick():
    application, employer, veteran = applied()
    interview = invite(application, employer, 48)
    with pytest.raises(ValidationError):
        svc.interview_request_retime(interview=interview, actor=veteran, note="  ")
    svc.interview_request_retime(interview=interview, actor=veteran, note="周三下午都可以")
    interview.refresh_from_db()
    assert interview.status == Interview.Status.RETIME
    assert "周三下午都可以" in Notification.objects.filter(recipient=employer, kind="jobs_interview").first().body
    svc.interview_reschedule(interview=interview, actor=employer, times=[in_hours(100)], details=details())
    interview.refresh_from_db()
    assert interview.status == Interview.Status.PROPOSED
    new = interview.offered_slots.get()
    svc.interview_pick(interview=interview, actor=veteran, slot=new)


def test_employer_reschedule_of_a_booking_needs_a_reason_frees_the_time_and_keeps_the_history():
    application, employer, veteran = applied()
    interview = invite(application, employer, 48)
    old = interview.offered_slots.get()
    svc.interview_pick(interview=interview, actor=veteran, slot=old)
    with pytest.raises(ValidationError) as exc:
        svc.interview_reschedule(interview=interview, actor=employer, times=[in_hours(96)], details=details())
    assert "reason" in exc.value.message_dict
    svc.interview_reschedule(
        interview=interview, actor=employer, reason="面试官出差", times=[in_hours(96)], details=details()
    )
    old.refresh_from_db()
    interview.refresh_from_db()
    assert old.booking_id is None and interview.last_slot_id == old.pk
    assert interview.status == Interview.Status.PROPOSED
    kinds = list(interview.events.values_list("kind", flat=True))
    assert kinds == ["proposed", "picked", "rescheduled"]
    assert InterviewEvent.objects.get(kind="rescheduled").note == "面试官出差"


def test_applicant_moves_a_booking_to_another_offered_time():
    application, employer, veteran = applied()
    interview = invite(application, employer, 48, 72)
    first, second = interview.offered_slots.order_by("starts_at")
    svc.interview_pick(interview=interview, actor=veteran, slot=first)
    svc.interview_reschedule(interview=interview, actor=veteran, reason="那天要体检", slot=second)
    interview.refresh_from_db()
    assert interview.slot() == second and interview.booking_round == 2
    first.refresh_from_db()
    assert first.booking_id is None


def test_cancel_needs_a_reason_frees_the_time_and_tells_the_other_side():
    application, employer, veteran = applied()
    interview = invite(application, employer, 48)
    slot = interview.offered_slots.get()
    svc.interview_pick(interview=interview, actor=veteran, slot=slot)
    with pytest.raises(ValidationError):
        svc.interview_cancel(interview=interview, actor=veteran, reason="")
    svc.interview_cancel(interview=interview, actor=veteran, reason="已找到工作")
    slot.refresh_from_db()
    assert slot.booking_id is None
    told = Notification.objects.filter(recipient=employer, kind="jobs_interview").order_by("-created_at").first()
    assert "已找到工作" in told.body
    with pytest.raises(ValidationError, match="already over or cancelled"):
        svc.interview_cancel(interview=interview, actor=employer, reason="x")
    assert b"STATUS:CANCELLED" in interview_ics(Interview.objects.get(pk=interview.pk))


def test_outcome_only_after_the_interview_and_a_hire_goes_through_the_application_service():
    application, employer, veteran = applied()
    interview = invite(application, employer, 48)
    slot = interview.offered_slots.get()
    svc.interview_pick(interview=interview, actor=veteran, slot=slot)
    with pytest.raises(ValidationError, match="taken place"):
        svc.interview_record_outcome(interview=interview, actor=employer, outcome="hired")
    InterviewSlot.objects.filter(pk=slot.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=2), ends_at=timezone.now() - datetime.timedelta(hours=1)
    )
    with pytest.raises(AccessDenied):
        svc.interview_record_outcome(interview=interview, actor=veteran, outcome="hired")
    with pytest.raises(ValidationError):
        svc.interview_record_outcome(interview=interview, actor=employer, outcome="promoted")
    svc.interview_record_outcome(interview=interview, actor=employer, outcome="hired", note="表现很好")
    application.refresh_from_db()
    assert application.status == Application.Status.HIRED
    assert application.employment is not None
    assert application.events.filter(to_status="hired", actor=employer).exists()


def test_withdrawing_the_application_cancels_the_interview_and_frees_the_time():
    application, employer, veteran = applied()
    interview = invite(application, employer, 48)
    slot = interview.offered_slots.get()
    svc.interview_pick(interview=interview, actor=veteran, slot=slot)
    application_transition(application=application, actor=veteran, to_status="withdrawn")
    interview.refresh_from_db()
    slot.refresh_from_db()
    assert interview.status == Interview.Status.CANCELLED and slot.booking_id is None


def test_the_calendar_file_is_valid_icalendar_with_the_booked_time():
    from icalendar import Calendar

    application, employer, veteran = applied()
    interview = invite(application, employer, 48, mode="video", video_link="https://meeting.example.cn/r/42")
    slot = interview.offered_slots.get()
    svc.interview_pick(interview=interview, actor=veteran, slot=slot)
    interview.refresh_from_db()
    calendar = Calendar.from_ical(interview_ics(interview))
    event = calendar.walk("VEVENT")[0]
    assert event.decoded("dtstart") == slot.starts_at
    assert event.decoded("dtend") == slot.ends_at
    assert str(event["location"]) == "https://meeting.example.cn/r/42"
    assert str(event["uid"]).startswith(f"interview-{interview.pk}@")
    assert int(event["sequence"]) == 1
