"""Celery tasks of matching and push. Thin: ids in, a service does the work, quiet when there is nothing to do.

All are idempotent (PushRun cursor + the unique (recipient, event_key) notice), so `acks_late` redelivery after a
worker crash and the stalled-run sweeper can only finish a fan-out, never repeat one.
"""

import datetime

from celery import shared_task
from django.conf import settings

from portal.tasks import MAIL_RETRY

PUSH_OPTIONS = {"acks_late": True, "time_limit": 1800, "soft_time_limit": 1700}


@shared_task(name="jobs_matching.position_published", **PUSH_OPTIONS)
def position_published(position_id: int) -> int:
    from jobs.matching import services

    run = services.position_push(position_id=position_id, batch_size=settings.MATCHING_PUSH_BATCH_SIZE)
    return run.recipients if run else 0


@shared_task(name="jobs_matching.propose_positions_to_graduate", acks_late=True, time_limit=300)
def propose_positions_to_graduate(enrollment_id: int, user_id: int, course_title: str, occupation_ids: list) -> bool:
    """A trainee passed a class: notify them of matched positions (once per enrolment, see graduates)."""
    from jobs.matching.services.graduates import graduate_positions_propose

    notice = graduate_positions_propose(
        enrollment_id=enrollment_id, user_id=user_id, course_title=course_title, occupation_ids=occupation_ids
    )
    return notice is not None


@shared_task(name="jobs_matching.send_weekly_digest", **PUSH_OPTIONS)
def send_weekly_digest(day: str | None = None) -> int:
    from jobs.matching import services

    run = services.weekly_digest_send(day=datetime.date.fromisoformat(day) if day else None)
    return run.recipients


@shared_task(name="jobs_matching.send_fair_reminders", acks_late=True, time_limit=1800)
def send_fair_reminders() -> int:
    from jobs.matching import services

    fair_ids = services.fairs_due_reminder()
    for fair_id in fair_ids:
        send_fair_reminder.delay(fair_id)
    return len(fair_ids)


@shared_task(name="jobs_matching.send_fair_reminder", **PUSH_OPTIONS)
def send_fair_reminder(fair_id: int) -> int:
    from jobs.matching import services

    run = services.fair_reminder_send(fair_id=fair_id)
    return run.recipients if run else 0


@shared_task(name="jobs_matching.send_weekly_digest_for_key", **PUSH_OPTIONS)
def send_weekly_digest_for_key(event_key: str) -> int:
    from jobs.matching import services

    return services.weekly_digest_send_for_key(event_key).recipients


@shared_task(name="jobs_matching.resume_stalled_pushes", time_limit=120, soft_time_limit=100)
def resume_stalled_pushes() -> int:
    """Queue again the fan-outs a killed worker left half done (each resumes from its cursor, exactly once)."""
    from jobs.matching import services

    resumed = 0
    for run in services.stalled_push_runs():
        prefix, _sep, rest = run.event_key.partition(":")
        if prefix == "position-published":
            position_published.delay(int(rest))
        elif prefix == "fair-reminder":
            send_fair_reminder.delay(int(rest))
        elif prefix == "weekly-picks":
            send_weekly_digest_for_key.delay(run.event_key)
        else:
            continue
        resumed += 1
    return resumed


@shared_task(
    name="jobs_matching.send_notification_emails",
    **MAIL_RETRY,
    retry_backoff_max=1800,
    time_limit=300,
)
def send_notification_emails(notification_ids: list[int]) -> int:
    """Send a batch of due instant e-mails. Each send is idempotent (row lock + status), so a retry skips sent ones."""
    from portal.services.notifications import notification_email_send

    return sum(1 for pk in notification_ids if notification_email_send(notification_id=pk))


@shared_task(name="jobs_matching.position_matches_refresh", acks_late=True, time_limit=900)
def position_matches_refresh(position_id: int) -> None:
    """A position was published (store its candidates, add it to stored veteran lists) or closed (drop its rows)."""
    from jobs.matching.services import recommendations

    recommendations.position_matches_refresh(position_id=position_id)


@shared_task(name="jobs_matching.veteran_matches_refresh", acks_late=True, time_limit=300)
def veteran_matches_refresh(profile_id: int) -> None:
    """A profile was saved or verified: recompute the veteran's stored list and their place in candidate lists."""
    from jobs.matching.services import recommendations

    recommendations.veteran_matches_refresh(profile_id=profile_id)


@shared_task(name="jobs_matching.rebuild_stale_matches", time_limit=600, soft_time_limit=540)
def rebuild_stale_matches() -> dict:
    """Periodic: recompute a batch of the stalest stored lists and drop those of positions no longer open."""
    from jobs.matching.services import recommendations

    return recommendations.stale_matches_rebuild()
