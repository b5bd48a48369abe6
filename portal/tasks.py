"""Celery tasks of the shell. Thin: take ids, call a service, return quietly when there is nothing to do.

The staff workbench's tasks are in portal/staff/tasks.py (its own app, found by autodiscovery)."""

import smtplib

from celery import shared_task


@shared_task(
    name="portal.send_notification_email",
    acks_late=True,
    autoretry_for=(smtplib.SMTPException, ConnectionError, TimeoutError),
    retry_backoff=30,
    retry_backoff_max=1800,
    max_retries=6,
    time_limit=60,
    soft_time_limit=50,
)
def send_notification_email(notification_id: int) -> bool:
    from portal.services import notifications

    return notifications.notification_email_send(notification_id=notification_id)


@shared_task(name="portal.send_due_notification_emails", time_limit=300)
def send_due_notification_emails() -> int:
    """Periodic sweeper: sends what quiet hours delayed, digests, and what a crashed worker left pending."""
    from portal.services import notifications

    sent = 0
    for notification_id in notifications.notification_emails_due():
        if notifications.notification_email_send(notification_id=notification_id):
            sent += 1
    return sent


@shared_task(name="portal.ping")
def ping(value: str) -> str:
    """Round-trip check for the worker (health checks and the CI test of the real broker)."""
    return f"pong:{value}"
