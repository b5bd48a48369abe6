"""Celery tasks of the training app: thin wrappers around services, safe to rerun."""

from celery import shared_task

from training.services import session_reminders_send


@shared_task(name="training.send_session_reminders", time_limit=300)
def send_session_reminders() -> int:
    """Daily: remind enrolled veterans of tomorrow's sessions (idempotent per veteran, class and day)."""
    return session_reminders_send()
