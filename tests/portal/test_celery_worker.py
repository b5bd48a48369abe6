"""A task round trip through a real Celery worker on Redis (not eager): CI proves the broker path works."""

import pytest

from portal.models import Notification
from portal.services import notifications
from portal.tasks import ping, send_notification_email
from tests.factories import UserFactory


@pytest.mark.redis
def test_ping_round_trip_through_a_real_worker(celery_worker_real):
    result = ping.delay("veterans")
    assert result.get(timeout=30) == "pong:veterans"


@pytest.mark.redis
def test_email_task_through_a_real_worker_sends_once(celery_worker_real, mailoutbox):
    user = UserFactory()
    pref = notifications.preference_for(user)
    pref.email_enabled = True
    pref.quiet_start = pref.quiet_end = 0  # no quiet hours for this test
    pref.save()
    n = notifications.notify(recipient=user, event_key="worker", kind="test", title="经由真实队列", email=True)
    # notify() queued the task on commit (autocommit here); a duplicate delivery must not send twice
    send_notification_email.delay(n.pk).get(timeout=30)
    n.refresh_from_db()
    for _ in range(50):
        n.refresh_from_db()
        if n.email_status == Notification.EmailStatus.SENT:
            break
        import time

        time.sleep(0.1)
    assert n.email_status == Notification.EmailStatus.SENT
    assert len([m for m in mailoutbox if m.subject == "经由真实队列"]) == 1
