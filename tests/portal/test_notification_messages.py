"""Notices are stored as message ids with parameters and read in the reader's language, whoever wrote them."""

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext_lazy, ngettext_lazy, pgettext_lazy

from jobs.models import Application
from portal.messages import Message, lines
from portal.models import Notification
from portal.services import notifications
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def status_notice(recipient):
    return notifications.notify(
        recipient=recipient,
        event_key="test-status",
        kind="jobs_application",
        title=Message(
            gettext_lazy("%(position)s: %(status)s"), position="Forklift driver", status=Application.Status.HIRED.label
        ),
        body=lines(Message(gettext_lazy("You withdrew your application.")), "typed note"),
    )


def test_a_notice_written_for_a_chinese_reader_reads_in_english_for_an_english_reader():
    notice = status_notice(UserFactory(language="zh-hans"))
    assert notice.title == "Forklift driver：已录用"  # the text column: as rendered for the recipient
    with translation.override("en"):
        assert notice.shown_title == "Forklift driver: Hired"
        assert notice.shown_body == "You withdrew your application.\ntyped note"
    with translation.override("zh-hans"):
        assert notice.shown_title == "Forklift driver：已录用"


def test_a_notice_written_for_an_english_reader_reads_in_chinese(client):
    user = UserFactory(language="en")
    notice = status_notice(user)
    assert notice.title == "Forklift driver: Hired"
    user.language = "zh-hans"
    user.save(update_fields=["language"])
    client.force_login(user)
    page = client.get("/me/notifications/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "Forklift driver：已录用" in page and "Hired" not in page


def test_the_api_gives_the_notice_in_the_request_language(client):
    user = UserFactory(language="zh-hans")
    status_notice(user)
    client.force_login(user)
    with translation.override("en"):
        rows = client.get("/api/v1/notifications/", HTTP_ACCEPT_LANGUAGE="en").json()
    rows = rows.get("results", rows) if isinstance(rows, dict) else rows
    assert rows[0]["title"] == "Forklift driver: Hired"


def test_the_email_is_in_the_recipients_language_when_sent(django_capture_on_commit_callbacks):
    user = UserFactory(language="zh-hans", email="reader@example.com")
    pref = notifications.preference_for(user)
    pref.email_enabled, pref.quiet_start, pref.quiet_end = True, 0, 0
    pref.save()
    with django_capture_on_commit_callbacks(execute=True):
        notice = status_notice(user)
    user.language = "en"
    user.save(update_fields=["language"])
    Notification.objects.filter(pk=notice.pk).update(email_status=Notification.EmailStatus.PENDING)
    mail.outbox.clear()
    notifications.notification_email_send(notification_id=notice.pk)
    assert mail.outbox[0].subject == "Forklift driver: Hired"


def test_old_rows_without_a_message_show_their_text():
    notice = Notification.objects.create(
        recipient=UserFactory(), event_key="old", kind="x", title="旧通知", body="正文"
    )
    with translation.override("en"):
        assert (notice.shown_title, notice.shown_body) == ("旧通知", "正文")


def test_a_malformed_message_falls_back_to_the_text():
    notice = Notification(title="旧通知", title_message={"params": {}})
    assert notice.shown_title == "旧通知"


def test_plain_lazy_texts_are_kept_as_message_ids():
    notice = notifications.notify(
        recipient=UserFactory(language="zh-hans"),
        event_key="lazy",
        kind="x",
        title=gettext_lazy("Your benefit card has been issued"),
    )
    assert notice.title_message == {"id": "Your benefit card has been issued"}
    with translation.override("en"):
        assert notice.shown_title == "Your benefit card has been issued"


def test_messages_round_trip_with_contexts_plurals_and_nested_messages():
    message = Message(
        ngettext_lazy(
            "%(count)s position for graduates of %(course)s", "%(count)s positions for graduates of %(course)s", 2
        ),
        count=2,
        course=Message(pgettext_lazy("training", "Sessions")),
    )
    again = Message.from_json(message.to_json())
    assert again == message
    with translation.override("en"):
        assert str(again) == "2 positions for graduates of Sessions"
