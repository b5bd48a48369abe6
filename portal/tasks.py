"""Celery tasks of the shell. Thin: take ids, call a service, return quietly when there is nothing to do.

The staff workbench's tasks are in portal/staff/tasks.py (its own app, found by autodiscovery)."""

import smtplib

from celery import shared_task

# How every task that sends mail retries: acknowledged only when done (a worker lost mid-send gives it to another),
# and retried with a growing pause while the mail server refuses or cannot be reached.
MAIL_RETRY = {
    "acks_late": True,
    "autoretry_for": (smtplib.SMTPException, ConnectionError, TimeoutError),
    "retry_backoff": 30,
    "max_retries": 6,
}


@shared_task(
    name="portal.send_notification_email",
    **MAIL_RETRY,
    retry_backoff_max=1800,
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


@shared_task(
    name="portal.send_sms",
    bind=True,
    acks_late=True,
    max_retries=None,  # the service counts attempts (settings.SMS_MAX_ATTEMPTS) and stops retrying itself
    time_limit=60,
    soft_time_limit=50,
)
def send_sms(self, message_id: int) -> str:
    from portal.services import sms as sms_service
    from portal.sms import SmsTransientError

    while True:
        try:
            return sms_service.sms_deliver(message_id=message_id)
        except SmsTransientError as exc:
            if not self.request.is_eager:
                raise self.retry(exc=exc, countdown=min(1800, 30 * 2 ** min(self.request.retries, 6))) from exc
            # Eager (no broker to wait with): try again now; the service stops after SMS_MAX_ATTEMPTS.


@shared_task(name="portal.send_due_sms", time_limit=300)
def send_due_sms() -> int:
    """Periodic sweeper: text messages quiet hours delayed, and retries the broker lost."""
    from portal.services import sms as sms_service
    from portal.sms import SmsTransientError

    sent = 0
    for message_id in sms_service.sms_due():
        try:
            sent += sms_service.sms_deliver(message_id=message_id) == "sent"
        except SmsTransientError:
            continue  # back to pending: the next sweep tries again
    return sent


@shared_task(
    name="portal.send_account_invitation_email",
    **MAIL_RETRY,
    time_limit=60,
    soft_time_limit=50,
)
def send_account_invitation_email(invitation_id: int, url: str) -> bool:
    from portal.services import claim_mail

    return claim_mail.account_invitation_email_send(invitation_id=invitation_id, url=url)
