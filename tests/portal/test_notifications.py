"""Notifications: exactly once per (recipient, event), e-mail only when allowed and outside quiet hours."""

import datetime
import smtplib
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.utils import timezone

from portal.models import Notification
from portal.services import notifications
from portal.tasks import send_due_notification_emails, send_notification_email
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(hour, minute=0):
    return datetime.datetime(2026, 11, 23, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def user():
    return UserFactory()


def opt_in(user, **extra):
    pref = notifications.preference_for(user)
    pref.email_enabled = True
    for key, value in extra.items():
        setattr(pref, key, value)
    pref.save()
    return pref


def test_same_event_notifies_once(user, django_capture_on_commit_callbacks):
    opt_in(user)
    with mock.patch.object(timezone, "now", return_value=at(10)), django_capture_on_commit_callbacks(execute=True):
        first = notifications.notify(recipient=user, event_key="e1", kind="test", title="Hello")
        second = notifications.notify(recipient=user, event_key="e1", kind="test", title="Hello again")
    assert first.pk == second.pk
    assert Notification.objects.filter(recipient=user).count() == 1
    assert len(mail.outbox) == 1
    assert "unsubscribe" in mail.outbox[0].body


def test_no_email_without_opt_in(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        n = notifications.notify(recipient=user, event_key="e2", kind="test", title="Hi")
    assert n.email_status == Notification.EmailStatus.NONE
    assert mail.outbox == []


def test_quiet_hours_hold_email_until_morning(user, django_capture_on_commit_callbacks):
    opt_in(user)
    with mock.patch.object(timezone, "now", return_value=at(23, 30)), django_capture_on_commit_callbacks(execute=True):
        n = notifications.notify(recipient=user, event_key="late", kind="test", title="Late")
    assert n.email_status == Notification.EmailStatus.PENDING
    assert timezone.localtime(n.email_not_before) == at(8).replace(day=24)
    assert mail.outbox == []
    with mock.patch.object(timezone, "now", return_value=at(7, 59).replace(day=24)):
        assert send_due_notification_emails() == 0
    with mock.patch.object(timezone, "now", return_value=at(8, 1).replace(day=24)):
        assert send_due_notification_emails() == 1
        assert send_due_notification_emails() == 0  # a rerun sends nothing
    assert len(mail.outbox) == 1


def test_digest_sends_one_email_for_many(user, django_capture_on_commit_callbacks):
    opt_in(user, email_mode="digest")
    with mock.patch.object(timezone, "now", return_value=at(12)), django_capture_on_commit_callbacks(execute=True):
        for i in range(3):
            notifications.notify(recipient=user, event_key=f"d{i}", kind="test", title=f"N{i}")
    assert mail.outbox == []
    with mock.patch.object(timezone, "now", return_value=at(9).replace(day=24)):
        send_due_notification_emails()
    assert len(mail.outbox) == 1
    assert "N0" in mail.outbox[0].body and "N2" in mail.outbox[0].body


def test_unsubscribe_link_works_without_login_and_stops_email(client, user, django_capture_on_commit_callbacks):
    opt_in(user)
    token = notifications.unsubscribe_token(user)
    url = f"/notifications/unsubscribe/{token}/"
    assert client.get(url).status_code == 200  # GET asks, does not change
    assert notifications.preference_for(user).email_enabled
    assert client.post(url).status_code == 200
    assert not notifications.preference_for(user).email_enabled
    with mock.patch.object(timezone, "now", return_value=at(10)), django_capture_on_commit_callbacks(execute=True):
        notifications.notify(recipient=user, event_key="after", kind="test", title="After")
    assert mail.outbox == []


def test_forged_unsubscribe_token_is_refused(client, user):
    opt_in(user)
    response = client.post("/notifications/unsubscribe/forged-token/")
    assert response.status_code == 400
    assert notifications.preference_for(user).email_enabled


def test_email_failure_keeps_notice_pending_for_retry(user):
    opt_in(user)
    with mock.patch.object(timezone, "now", return_value=at(10)):
        n = notifications.notify(recipient=user, event_key="fail", kind="test", title="x", email=True)
        failing_mail = mock.patch("portal.services.notifications.send_mail", side_effect=smtplib.SMTPServerDisconnected)
        with failing_mail, pytest.raises(Retry):  # autoretry: the task will be tried again with backoff
            send_notification_email.apply(args=[n.pk], throw=True).get()
    n.refresh_from_db()
    assert n.email_status == Notification.EmailStatus.PENDING
    with mock.patch.object(timezone, "now", return_value=at(10, 5)):
        assert send_notification_email(n.pk) is True
        assert send_notification_email(n.pk) is False
    assert len(mail.outbox) == 1


def test_rolled_back_transaction_sends_nothing(user, django_capture_on_commit_callbacks):
    from django.db import transaction

    opt_in(user)
    with mock.patch.object(timezone, "now", return_value=at(10)), django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                notifications.notify(recipient=user, event_key="rb", kind="test", title="x")
                raise RuntimeError("roll back")
        except RuntimeError:
            pass
    assert not Notification.objects.filter(event_key="rb").exists()
    assert mail.outbox == []


def test_inbox_lists_own_notices_and_marks_read(client, user):
    other = UserFactory()
    notifications.notify(recipient=user, event_key="mine", kind="test", title="我的通知")
    notifications.notify(recipient=other, event_key="theirs", kind="test", title="别人的通知")
    client.force_login(user)
    page = client.get("/me/notifications/").content.decode()
    assert "我的通知" in page and "别人的通知" not in page
    assert 'data-testid="unread-count">1<' in page
    client.post("/me/notifications/read/")
    assert not Notification.objects.filter(recipient=user, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=other, read_at__isnull=True).exists()


def test_notification_settings_page_validates_hours(client, user):
    client.force_login(user)
    response = client.post(
        "/me/notifications/settings/", {"email_mode": "instant", "quiet_start": "25", "quiet_end": "8"}
    )
    assert response.status_code == 200
    assert "0 到 23" in response.content.decode()


def test_an_email_repeated_after_a_crash_carries_the_first_ones_message_id(user, settings):
    """A worker killed between sending and committing leaves the notice pending: the repeat goes out with the same
    Message-ID (so mail systems drop it), and another notice's e-mail has its own."""
    settings.DEFAULT_FROM_EMAIL = "退役军人服务平台 <noreply@bureau.example.cn>"
    opt_in(user)
    with mock.patch.object(timezone, "now", return_value=at(10)):
        first = notifications.notify(recipient=user, event_key="crash", kind="test", title="x", email=True)
        other = notifications.notify(recipient=user, event_key="other", kind="test", title="y", email=True)
        mail.outbox.clear()
        real_send = notifications.send_mail

        def send_then_killed(*args, **kwargs):
            real_send(*args, **kwargs)
            raise RuntimeError("killed before the commit")

        with mock.patch.object(notifications, "send_mail", side_effect=send_then_killed), pytest.raises(RuntimeError):
            notifications.notification_email_send(notification_id=first.pk)
        assert notifications.notification_email_send(notification_id=first.pk) is True
        assert notifications.notification_email_send(notification_id=other.pk) is True
    ids = [message.extra_headers["Message-ID"] for message in mail.outbox]
    assert len(ids) == 3 and ids[0] == ids[1] != ids[2]
    assert ids[0].startswith("<notice.") and ids[0].endswith("@bureau.example.cn>")
