"""Targeted push: exactly once per veteran, resumable, nothing for a rolled-back publish, preferences respected."""

import datetime
import functools
from unittest import mock

import pytest
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone

from jobs.matching import services, tasks
from jobs.matching.models import PushRun, WeeklyPick
from jobs.models import FairRegistration, Position
from portal.models import Notification, NotificationPreference
from portal.services.notifications import unsubscribe_by_token, unsubscribe_token
from tests.matching.factories import make_fair, make_position, make_veteran

pytestmark = pytest.mark.django_db
NOON = datetime.datetime(2026, 3, 4, 12, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
NIGHT = datetime.datetime(2026, 3, 4, 23, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))


def drivers(n, **kwargs):
    return [make_veteran(specialties=["M01"], skills=["驾驶"], region_code="350102", **kwargs) for _ in range(n)]


def driver_post(title="物流车驾驶员", **kwargs):
    return make_position(title=title, category_code="0101", skills=["驾驶"], region_code="350102", **kwargs)


def push_notices(position):
    return Notification.objects.filter(event_key=services.position_event_key(position.pk))


def email_on(user, **kwargs):
    NotificationPreference.objects.update_or_create(user=user, defaults={"email_enabled": True, **kwargs})


def test_publish_notifies_matching_veterans_once_even_when_the_task_runs_twice():
    matching = drivers(3)
    cook = make_veteran(specialties=["M10"], region_code="530302")
    position = driver_post()

    tasks.position_published(position.pk)
    tasks.position_published(position.pk)

    assert sorted(push_notices(position).values_list("recipient_id", flat=True)) == sorted(u.pk for u in matching)
    assert not push_notices(position).filter(recipient=cook).exists()
    run = PushRun.objects.get(event_key=services.position_event_key(position.pk))
    assert run.status == PushRun.Status.DONE and run.recipients == 3
    assert "物流车驾驶员" in push_notices(position).first().title


def test_a_push_interrupted_mid_way_resumes_and_never_doubles():
    """Given a worker that dies after the first batch, when the task runs again, everyone has exactly one notice."""
    veterans = drivers(5)
    position = driver_post()
    # PostgreSQL inserts each batch with one INSERT … SELECT; SQLite goes through bulk_notify.
    batch_writer = "_insert_batch_sql" if connection.vendor == "postgresql" else "bulk_notify"
    real_writer = getattr(services, batch_writer)
    calls = {"n": 0}

    def crash_on_second_batch(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("worker lost")
        return real_writer(*args, **kwargs)

    with mock.patch.object(services, batch_writer, side_effect=crash_on_second_batch), pytest.raises(RuntimeError):
        services.position_push(position_id=position.pk, batch_size=2)
    run = PushRun.objects.get(position=position)
    assert run.status == PushRun.Status.RUNNING
    assert push_notices(position).count() == 2 and run.cursor == sorted(u.pk for u in veterans)[1]

    # A crash between insert and cursor update: the cursor is behind, the unique key still protects.
    PushRun.objects.filter(pk=run.pk).update(cursor=0)
    services.position_push(position_id=position.pk, batch_size=2)

    assert push_notices(position).count() == 5
    assert set(push_notices(position).values_list("recipient_id", flat=True)) == {u.pk for u in veterans}
    assert PushRun.objects.get(pk=run.pk).status == PushRun.Status.DONE


def test_stalled_run_is_resumed_by_the_sweeper():
    drivers(2)
    position = driver_post()
    PushRun.objects.create(event_key=services.position_event_key(position.pk), kind="job_push", position=position)
    PushRun.objects.update(updated_at=timezone.now() - datetime.timedelta(hours=1))
    assert tasks.resume_stalled_pushes() == 1
    assert push_notices(position).count() == 2


def test_rolled_back_publish_sends_nothing(django_capture_on_commit_callbacks):
    drivers(2)
    position = driver_post(status=Position.Status.PENDING)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                Position.objects.filter(pk=position.pk).update(status=Position.Status.PUBLISHED)
                tasks.position_published.delay_on_commit(position.pk)
                raise RuntimeError("publish failed after the hook was queued")
        except RuntimeError:
            pass
    assert callbacks == []
    assert not Notification.objects.exists()
    # and a task that runs for a position that is not published (e.g. a stale message) is quiet
    assert tasks.position_published(position.pk) == 0
    assert not Notification.objects.exists()


def test_committed_publish_runs_the_push_on_commit(django_capture_on_commit_callbacks):
    drivers(2)
    position = driver_post(status=Position.Status.PENDING)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        Position.objects.filter(pk=position.pk).update(status=Position.Status.PUBLISHED)
        tasks.position_published.delay_on_commit(position.pk)
        assert not Notification.objects.exists()  # nothing before commit
    # The task is queued once, on commit (the push itself may queue more work: the unread counts to forget).
    queued = [c for c in callbacks if isinstance(c, functools.partial) and c.func == tasks.position_published.delay]
    assert len(queued) == 1 and queued[0].args == (position.pk,)
    assert push_notices(position).count() == 2


def test_instant_email_goes_out_and_unsubscribe_stops_it(django_capture_on_commit_callbacks):
    first, second = drivers(2)
    email_on(first)
    email_on(second)
    unsubscribe_by_token(unsubscribe_token(second))  # the signed link, no login
    position = driver_post()
    with (
        mock.patch("django.utils.timezone.now", return_value=NOON),
        django_capture_on_commit_callbacks(execute=True),
    ):
        tasks.position_published(position.pk)
    assert [m.to for m in mail.outbox] == [[first.email]]
    assert "/notifications/unsubscribe/" in mail.outbox[0].body
    assert push_notices(position).get(recipient=first).email_status == Notification.EmailStatus.SENT
    assert push_notices(position).get(recipient=second).email_status == Notification.EmailStatus.NONE


def test_quiet_hours_hold_email_until_morning(django_capture_on_commit_callbacks):
    (veteran,) = drivers(1)
    email_on(veteran)
    position = driver_post()
    with (
        mock.patch("django.utils.timezone.now", return_value=NIGHT),
        django_capture_on_commit_callbacks(execute=True),
    ):
        tasks.position_published(position.pk)
    notice = push_notices(position).get()
    assert mail.outbox == []
    assert notice.email_status == Notification.EmailStatus.PENDING
    assert timezone.localtime(notice.email_not_before).hour == 8
    assert timezone.localtime(notice.email_not_before).date() == datetime.date(2026, 3, 5)


def test_veterans_who_turned_job_push_off_get_nothing():
    on, off = drivers(2)
    NotificationPreference.objects.create(user=off, job_push=False)
    position = driver_post()
    tasks.position_published(position.pk)
    assert list(push_notices(position).values_list("recipient_id", flat=True)) == [on.pk]


def test_weekly_digest_once_per_iso_week():
    veterans = drivers(2)
    NotificationPreference.objects.create(user=veterans[1], weekly_picks=False)
    pick = driver_post(title="本周精选：冷链驾驶员")
    monday = timezone.localdate() - datetime.timedelta(days=timezone.localdate().weekday())
    WeeklyPick.objects.create(week_start=monday, position=pick, note="五险一金")
    matched = driver_post(title="城配司机")
    tasks.position_published(matched.pk)

    tasks.send_weekly_digest(monday.isoformat())
    tasks.send_weekly_digest((monday + datetime.timedelta(days=2)).isoformat())  # same ISO week: nothing new

    digests = Notification.objects.filter(kind="weekly_picks")
    assert list(digests.values_list("recipient_id", flat=True)) == [veterans[0].pk]
    body = digests.get().body
    assert "本周精选：冷链驾驶员" in body and "城配司机" in body

    tasks.send_weekly_digest((monday + datetime.timedelta(days=7)).isoformat())  # next week: a new one
    assert Notification.objects.filter(kind="weekly_picks", recipient=veterans[0]).count() == 2


def test_fair_reminder_goes_to_registered_veterans_once_within_24_hours():
    registered, other = drivers(2)
    soon = make_fair(starts_in=datetime.timedelta(hours=23))
    later = make_fair(starts_in=datetime.timedelta(days=3))
    FairRegistration.objects.create(fair=soon, user=registered, seat=1)
    FairRegistration.objects.create(fair=later, user=other, seat=1)

    tasks.send_fair_reminders()
    tasks.send_fair_reminders()

    reminders = Notification.objects.filter(kind="fair_reminder")
    assert list(reminders.values_list("recipient_id", flat=True)) == [registered.pk]
    assert soon.title in reminders.get().title
