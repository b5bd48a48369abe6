"""Reminders of tomorrow's sessions, sent by the daily task."""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from portal.messages import Message
from portal.models import Notification
from portal.services.notifications import notify
from training.models import ClassSession, Enrollment

KIND = "training"
S = Enrollment.Status


def session_reminders_send(*, today: datetime.date | None = None) -> int:
    """Remind every enrolled veteran of their class's sessions tomorrow (local calendar): one notice per veteran,
    class and day, whatever the number of sessions that day. Idempotent through notify's event_key: a rerun (or
    a retried task) sends nothing twice. Returns the number of notices newly sent."""
    tomorrow = (today or timezone.localdate()) + datetime.timedelta(days=1)
    sessions = (
        ClassSession.objects.filter(starts_at__date=tomorrow)
        .select_related("training_class__course")
        .order_by("training_class_id", "starts_at")
    )
    by_class: dict[int, list[ClassSession]] = {}
    for session in sessions:
        by_class.setdefault(session.training_class_id, []).append(session)
    if not by_class:
        return 0
    enrollments = Enrollment.objects.filter(training_class_id__in=by_class, status=S.ENROLLED).select_related("veteran")
    keys = {e.pk: f"training.class.{e.training_class_id}.reminder.{tomorrow:%Y%m%d}" for e in enrollments}
    already = set(
        Notification.objects.filter(event_key__in=set(keys.values())).values_list("recipient_id", "event_key")
    )
    sent = 0
    for enrollment in enrollments:
        key = keys[enrollment.pk]
        if (enrollment.veteran_id, key) in already:
            continue
        class_sessions = by_class[enrollment.training_class_id]
        cls = class_sessions[0].training_class
        title = Message(gettext_lazy("Reminder: %(cls)s has a session tomorrow"), cls=cls)
        with translation.override(enrollment.veteran.language or settings.LANGUAGE_CODE):
            body = "\n".join(
                f"{timezone.localtime(s.starts_at):%Y-%m-%d %H:%M}–{timezone.localtime(s.ends_at):%H:%M} "
                f"{s.title}{' · ' + s.location if s.location else ''}{' · ' + cls.venue if cls.venue else ''}"
                for s in class_sessions
            )
        if notify(
            recipient=enrollment.veteran,
            event_key=key,
            kind=KIND,
            title=title,
            body=body,
            url=reverse("training:class_detail", args=[cls.pk]),
        ):
            sent += 1
    return sent
