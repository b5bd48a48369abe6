"""Celery tasks of the training app: thin wrappers around services, safe to rerun."""

from celery import shared_task


@shared_task(name="training.send_session_reminders", time_limit=300)
def send_session_reminders() -> int:
    """Daily: remind enrolled veterans of tomorrow's sessions (idempotent per veteran, class and day)."""
    from training.services.reminders import session_reminders_send

    return session_reminders_send()
