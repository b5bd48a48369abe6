"""The SMS channel through the notification service: per-kind preferences, quiet hours, rate limits per number,
every message recorded (codes encrypted), and one text per event however often the task runs."""

import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from portal import sms
from portal.models import SmsMessage
from portal.services import notifications
from portal.services.sms import sms_queue
from portal.tasks import send_due_sms, send_sms
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _empty_outbox():
    sms.outbox.clear()


@pytest.fixture
def texter():
    user = UserFactory()
    user.phone, user.phone_verified = "13700001111", True
    user.save()
    pref = notifications.preference_for(user)
    pref.sms_fairs = True
    pref.quiet_start, pref.quiet_end = 22, 8
    pref.save()
    return user


def at(hour):
    return datetime.datetime(2026, 11, 23, hour, 0, tzinfo=SHANGHAI)


def notify(user, key="fair-1", kind="jobs_fair"):
    return notifications.notify(recipient=user, event_key=key, kind=kind, title="招聘会明天开始", body="")


def test_a_notice_of_an_allowed_kind_is_texted_once(texter, django_capture_on_commit_callbacks):
    with mock.patch("django.utils.timezone.now", return_value=at(10)), django_capture_on_commit_callbacks(execute=True):
        notification = notify(texter)
        notify(texter)  # the same event again
    [message] = SmsMessage.objects.all()
    assert message.notification == notification and message.status == SmsMessage.Status.SENT
    assert [m.phone for m in sms.outbox] == ["13700001111"]
    assert "招聘会明天开始" in sms.outbox[0].text
    send_sms.apply(args=[message.pk])  # a duplicated task
    assert len(sms.outbox) == 1


def test_kinds_the_user_did_not_choose_and_unverified_numbers_get_no_text(texter, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(texter, key="app-1", kind="jobs_application")  # applications: not chosen
        texter.phone_verified = False
        texter.save()
        notify(texter, key="fair-2")
    assert SmsMessage.objects.count() == 0 and sms.outbox == []


def test_quiet_hours_hold_the_text_until_they_end(texter, django_capture_on_commit_callbacks):
    with mock.patch("django.utils.timezone.now", return_value=at(23)):
        with django_capture_on_commit_callbacks(execute=True):
            notify(texter)
        assert send_due_sms() == 0
    message = SmsMessage.objects.get()
    assert message.status == SmsMessage.Status.PENDING and timezone.localtime(message.not_before) == at(8) + (
        datetime.timedelta(days=1)
    )
    assert sms.outbox == []
    with mock.patch("django.utils.timezone.now", return_value=at(8) + datetime.timedelta(days=1, minutes=1)):
        assert send_due_sms() == 1
    assert len(sms.outbox) == 1


def test_a_number_gets_no_more_texts_than_the_rate_limit(settings, django_capture_on_commit_callbacks):
    settings.SMS_RATE_LIMITS = "2/3600"
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            sms_queue(
                idempotency_key=f"code:{n}", phone="137 0000 2222", purpose="verification_code", params={"code": "1"}
            )
    statuses = list(SmsMessage.objects.order_by("pk").values_list("status", flat=True))
    assert statuses == ["sent", "sent", "rate_limited"]
    assert len(sms.outbox) == 2
    # another number is not held back
    with django_capture_on_commit_callbacks(execute=True):
        sms_queue(idempotency_key="code:x", phone="13700003333", purpose="verification_code", params={"code": "1"})
    assert len(sms.outbox) == 3


def test_the_record_keeps_no_code_or_number_in_clear(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = sms_queue(
            idempotency_key="code:1", phone="13700004444", purpose="verification_code", params={"code": "482913"}
        )
    row = SmsMessage.objects.filter(pk=message.pk).values().get()
    assert "482913" not in str(row) and "13700004444" not in str(row)
    assert row["phone_last4"] == "4444" and sms.outbox[0].params == {"code": "482913"}


def test_a_bad_number_is_not_queued():
    assert sms_queue(idempotency_key="k", phone="12345", purpose="notice", params={"title": "x"}) is None
    assert SmsMessage.objects.count() == 0


def test_staff_read_the_record_in_the_admin_but_cannot_change_it(client, django_capture_on_commit_callbacks):
    from tests.factories import StaffFactory

    with django_capture_on_commit_callbacks(execute=True):
        message = sms_queue(
            idempotency_key="code:2", phone="13700005555", purpose="verification_code", params={"code": "777111"}
        )
    staff = StaffFactory(is_superuser=True)
    client.force_login(staff)
    listing = client.get("/admin/portal/smsmessage/")
    assert listing.status_code == 200 and "*******5555" in listing.content.decode()
    detail = client.get(f"/admin/portal/smsmessage/{message.pk}/change/")
    assert detail.status_code == 200 and "777111" not in detail.content.decode()
    assert client.post(f"/admin/portal/smsmessage/{message.pk}/delete/", {"post": "yes"}).status_code == 403
    assert SmsMessage.objects.filter(pk=message.pk).exists()
