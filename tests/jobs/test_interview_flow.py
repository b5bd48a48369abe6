"""The whole interview through a real Celery worker on Redis: propose → pick → the day-before reminder (sent once
however often the task runs, with the calendar file in its e-mail) → reschedule → the new booking is reminded
again → hire through the application service."""

import datetime
import time

import pytest
from django.utils import timezone

from jobs.models import Application, InterviewReminder, InterviewSlot
from jobs.services.interviews import interview_pick, interview_record_outcome, interview_reschedule
from jobs.tasks import remind_interviews
from portal.models import Notification
from portal.services.notifications import preference_for
from tests.jobs.hiring import applied, details, in_hours, invite


def e_mail_always(user):
    user.email = f"u{user.pk}@example.cn"
    user.save(update_fields=["email"])
    pref = preference_for(user)
    pref.email_enabled, pref.quiet_start, pref.quiet_end = True, 0, 0  # no quiet hours in this test
    pref.save()


def reminders(user, round_: int):
    return Notification.objects.filter(recipient=user, event_key__contains=f"-remind-day-{round_}")


def wait_for(predicate, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


@pytest.mark.redis
def test_propose_pick_remind_reschedule_hire_through_the_real_worker(celery_worker_real, mailoutbox):
    application, employer, veteran = applied()
    e_mail_always(veteran)
    interview = invite(application, employer, 20, 30, interviewer=employer)
    first = interview.offered_slots.order_by("starts_at").first()
    interview_pick(interview=interview, actor=veteran, slot=first)

    # the reminder sweep runs in the worker; a second and a third run (beat firing again, a redelivered task)
    # send nothing more
    assert remind_interviews.delay().get(timeout=30) == 1
    assert remind_interviews.delay().get(timeout=30) == 0
    assert remind_interviews.delay().get(timeout=30) == 0
    assert InterviewReminder.objects.filter(interview=interview, kind="day").count() == 1
    assert reminders(veteran, 1).count() == 1 and reminders(employer, 1).count() == 1
    assert wait_for(lambda: any("Reminder" in m.subject or "提醒" in m.subject for m in mailoutbox))
    mail = next(m for m in mailoutbox if "Reminder" in m.subject or "提醒" in m.subject)
    (name, content, mimetype) = mail.attachments[0]
    assert name == f"interview-{interview.pk}.ics" and mimetype.startswith("text/calendar")
    content = content.encode() if isinstance(content, str) else content
    assert b"BEGIN:VEVENT" in content and b"SEQUENCE:1" in content

    # the employer reschedules: the time is freed, the new booking is a new round and is reminded again
    interview_reschedule(
        interview=interview, actor=employer, reason="面试官临时出差", times=[in_hours(22)], details=details()
    )
    first.refresh_from_db()
    assert first.booking_id is None
    interview.refresh_from_db()
    interview_pick(interview=interview, actor=veteran, slot=interview.offered_slots.get())
    assert remind_interviews.delay().get(timeout=30) == 1
    assert remind_interviews.delay().get(timeout=30) == 0
    assert reminders(veteran, 2).count() == 1

    # the interview takes place (moved into the past here), the employer records the hire
    slot = interview.offered_slots.get()
    past = timezone.now() - datetime.timedelta(hours=1)
    InterviewSlot.objects.filter(pk=slot.pk).update(starts_at=past, ends_at=past + datetime.timedelta(minutes=30))
    interview_record_outcome(interview=interview, actor=employer, outcome="hired")
    application.refresh_from_db()
    assert application.status == Application.Status.HIRED
    assert application.employment.follow_ups.count() == 3
    hired = Notification.objects.get(recipient=veteran, event_key=f"jobs-application-{application.pk}-hired")
    assert application.position.organization.name in hired.body
