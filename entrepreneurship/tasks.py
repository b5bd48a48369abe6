"""Celery tasks of the entrepreneurship app.

Residencies end at their term: `entrepreneurship.end_due_residencies` runs daily (pillar.py's beat schedule), ends
every active residency whose end date has passed and sends the 30-day notice of those ending soon. Both steps are
idempotent (each filters by state and records what it did), so a rerun or an overlapping run does nothing more.
"""

from celery import shared_task


@shared_task(name="entrepreneurship.end_due_residencies", time_limit=600)
def end_due_residencies() -> dict:
    import datetime

    from django.utils import timezone

    from entrepreneurship.models import Residency
    from entrepreneurship.services.incubators import (
        NOTICE_DAYS,
        residency_end_at_term,
        residency_send_expiry_notice,
    )

    today = timezone.localdate()
    active = Residency.objects.active().filter(end_date__isnull=False)
    ended = sum(residency_end_at_term(residency=r, today=today) for r in active.filter(end_date__lt=today))
    soon = active.filter(end_date__gte=today, end_date__lte=today + datetime.timedelta(days=NOTICE_DAYS))
    noticed = sum(residency_send_expiry_notice(residency=r, today=today) for r in soon.iterator())
    return {"ended": ended, "noticed": noticed}
