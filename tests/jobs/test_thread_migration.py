"""jobs migration 0008 moves the application message threads onto portal.Thread and back: messages in order with
their times and files, read marks on the same last message read (unread counts unchanged), complaints and the
permission's grants kept."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from jobs.hiring_selectors import with_unread_messages
from jobs.models import Application
from portal.models import Thread, ThreadMessage
from tests.jobs.hiring import applied

BEFORE = [("jobs", "0007_merge_live_room_spot_checks")]
AFTER = [("jobs", "0008_application_threads_to_portal")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)  # the closing flush refills the reference data (post_migrate)
def test_threads_messages_read_marks_complaints_and_grants_survive_the_move_and_its_reversal():
    application, employer, veteran = applied()
    old = migrate(BEFORE)
    OldThread, OldMessage, OldRead = (old.get_model("jobs", n) for n in ("MessageThread", "Message", "ThreadRead"))
    then = timezone.now() - datetime.timedelta(days=3)
    thread = OldThread.objects.create(application_id=application.pk, complaint_reason="要求交费", complaint_at=then)
    first = OldMessage.objects.create(thread=thread, author_id=veteran.pk, body="你好", attachment="messages/a.pdf")
    OldMessage.objects.create(thread=thread, author_id=employer.pk, body="请来面试")
    OldMessage.objects.create(thread=thread, author_id=employer.pk, body="带上简历")
    OldMessage.objects.filter(pk=first.pk).update(created_at=then)
    OldRead.objects.create(thread=thread, user_id=veteran.pk, last_read_id=first.pk)  # two unread for the applicant
    OldRead.objects.create(thread=thread, user_id=employer.pk, last_read_id=first.pk)  # none for the employer
    permission = Permission.objects.get(content_type__model="messagethread", codename="read_complained_thread")
    Group.objects.create(name="投诉审阅").permissions.add(permission)

    migrate(AFTER)
    moved = Thread.objects.about(application).get()
    assert moved.complaint_reason == "要求交费" and moved.complaint_at == then
    messages = list(ThreadMessage.objects.filter(thread=moved))
    assert [m.body for m in messages] == ["你好", "请来面试", "带上简历"]
    assert messages[0].attachment.name == "messages/a.pdf" and messages[0].created_at == then
    unread = {
        u: with_unread_messages(Application.objects.filter(pk=application.pk), u).get().unread_messages
        for u in (veteran, employer)
    }
    assert unread == {veteran: 2, employer: 0}
    grant = Group.objects.get(name="投诉审阅").permissions.get()
    assert (grant.pk, grant.content_type.model) == (permission.pk, "application")

    old = migrate(BEFORE)
    back = old.get_model("jobs", "MessageThread").objects.get(application_id=application.pk)
    assert back.complaint_reason == "要求交费"
    assert list(back.messages.order_by("id").values_list("body", flat=True)) == ["你好", "请来面试", "带上简历"]
    assert not Thread.objects.filter(object_id=application.pk, content_type__model="application").exists()
    assert Group.objects.get(name="投诉审阅").permissions.get().content_type.model == "messagethread"
    migrate(AFTER)
