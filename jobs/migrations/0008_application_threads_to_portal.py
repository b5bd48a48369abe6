"""The application message threads move onto the generic portal Thread (jobs.threads): each MessageThread becomes a
Thread about its application, its messages ThreadMessages (same authors, texts, files and times, in the same
order), its read marks ThreadReadMarks pointing at the same last message read. The permission
jobs.read_complained_thread moves to Application, keeping every grant. Reversible: backwards copies the
applications' threads back and removes them from portal."""

from django.db import migrations

CODENAME = "read_complained_thread"


def _content_type(apps, model):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label="jobs", model=model)[0]


def _move_permission(apps, from_model, to_model):
    """The permission row keeps its id, so groups and people holding it keep it."""
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    old = ContentType.objects.filter(app_label="jobs", model=from_model).first()
    if old is None:
        return
    new = _content_type(apps, to_model)
    Permission.objects.filter(content_type=new, codename=CODENAME).exclude(
        pk__in=Permission.objects.filter(content_type=old, codename=CODENAME).values("pk")
    ).delete()
    Permission.objects.filter(content_type=old, codename=CODENAME).update(content_type=new)


def _last_read(old_ids, new_ids, last_read_id):
    """The new id of the last message at or before `last_read_id` (ids in both lists ascend together)."""
    new_last = 0
    for old_id, new_id in zip(old_ids, new_ids, strict=True):
        if old_id > last_read_id:
            break
        new_last = new_id
    return new_last


def _copy(source_threads, make_thread, message_model, mark_model):
    """Copy each thread with its messages (in order, times kept) and read marks."""
    for old in source_threads:
        new = make_thread(old)
        olds = list(old.messages.order_by("id"))
        news = message_model.objects.bulk_create(
            [message_model(thread=new, author_id=m.author_id, body=m.body, attachment=m.attachment.name) for m in olds]
        )
        for message, source in zip(news, olds, strict=True):
            message.created_at = source.created_at
        message_model.objects.bulk_update(news, ["created_at"])
        old_ids, new_ids = [m.id for m in olds], [m.id for m in news]
        mark_model.objects.bulk_create(
            [
                mark_model(thread=new, user_id=r.user_id, last_read_id=_last_read(old_ids, new_ids, r.last_read_id))
                for r in old.reads.all()
            ]
        )


def forwards(apps, schema_editor):
    MessageThread = apps.get_model("jobs", "MessageThread")
    Thread = apps.get_model("portal", "Thread")
    application_type = _content_type(apps, "application")

    def make_thread(old):
        thread = Thread.objects.create(
            content_type=application_type,
            object_id=old.application_id,
            complaint_at=old.complaint_at,
            complaint_by_id=old.complaint_by_id,
            complaint_reason=old.complaint_reason,
        )
        Thread.objects.filter(pk=thread.pk).update(created_at=old.created_at)
        return thread

    _copy(
        MessageThread.objects.order_by("id"),
        make_thread,
        apps.get_model("portal", "ThreadMessage"),
        apps.get_model("portal", "ThreadReadMark"),
    )
    _move_permission(apps, "messagethread", "application")


def backwards(apps, schema_editor):
    Thread = apps.get_model("portal", "Thread")
    MessageThread = apps.get_model("jobs", "MessageThread")
    threads = Thread.objects.filter(content_type=_content_type(apps, "application")).order_by("id")

    def make_thread(new):
        thread = MessageThread.objects.create(
            application_id=new.object_id,
            complaint_at=new.complaint_at,
            complaint_by_id=new.complaint_by_id,
            complaint_reason=new.complaint_reason,
        )
        MessageThread.objects.filter(pk=thread.pk).update(created_at=new.created_at)
        return thread

    _copy(
        threads,
        make_thread,
        apps.get_model("jobs", "Message"),
        apps.get_model("jobs", "ThreadRead"),
    )
    threads.delete()
    _move_permission(apps, "application", "messagethread")


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0007_merge_live_room_spot_checks"),
        ("portal", "0016_message_threads"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="application",
            options={
                "ordering": ["-created_at", "-id"],
                "permissions": [(CODENAME, "Can read any message thread under complaint")],
                "verbose_name": "application",
                "verbose_name_plural": "applications",
            },
        ),
        migrations.RunPython(forwards, backwards),
        # Whole models go (no RemoveField first: reversing would rebuild ThreadRead's unique constraint without
        # its fields); the rows pointing at a thread before the thread.
        migrations.DeleteModel(name="Message"),
        migrations.DeleteModel(name="ThreadRead"),
        migrations.DeleteModel(name="MessageThread"),
    ]
