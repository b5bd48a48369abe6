"""Celery tasks of the jobs app: thin wrappers around services, safe to rerun."""

from celery import shared_task


@shared_task(name="jobs.expire_positions", time_limit=300)
def expire_positions() -> int:
    from jobs.services.positions import positions_expire

    return positions_expire()


@shared_task(name="jobs.remind_follow_ups", time_limit=300)
def remind_follow_ups() -> int:
    from jobs.services.followups import follow_ups_remind

    return follow_ups_remind()


@shared_task(name="jobs.remind_interviews", time_limit=300)
def remind_interviews() -> int:
    """Interview reminders the day before and an hour before; a rerun sends nothing twice (sent-markers)."""
    from jobs.services.interview_notices import interview_reminders_send

    return interview_reminders_send()
