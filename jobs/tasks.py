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


@shared_task(name="jobs.send_instant_search_alerts", acks_late=True, time_limit=1800)
def send_instant_search_alerts(position_id: int) -> int:
    from jobs.services.search_alerts import search_alerts_instant_send

    return search_alerts_instant_send(position_id=position_id)


@shared_task(name="jobs.send_search_digests", acks_late=True, time_limit=3600)
def send_search_digests(frequency: str) -> int:
    from jobs.services.search_alerts import search_alerts_digest_send

    return search_alerts_digest_send(frequency=frequency)


@shared_task(name="jobs.reindex_positions", acks_late=True, time_limit=3600)
def reindex_positions() -> int:
    """After the search synonyms changed: every position's index with the new thesaurus."""
    from jobs.services.synonyms import positions_reindex

    return positions_reindex()
