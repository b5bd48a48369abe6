"""Messages in a thread about an object (portal.models.Thread), under the subject app's ThreadPolicy: write (text
and/or one attachment under the résumé's upload rules), mark read, file a complaint, and bureau staff's audited read
of a complained thread. Job applications (jobs.threads) and enrolments (training.threads) both use them.

The other side hears of each message through notify; a message's content never goes into the notice, which may
travel by e-mail."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.exceptions import AccessDenied
from portal.models import AuditLog, Thread, ThreadMessage, ThreadReadMark
from portal.services.audit import audit_record
from portal.services.notifications import notify
from portal.threads import ThreadPolicy
from portal.uploads import document_prepare

BODY_LIMIT = 2000
COMPLAINT_LIMIT = 500


def thread_find(subject) -> Thread | None:
    return Thread.objects.about(subject).first()


def thread_for(subject) -> Thread:
    content_type = ContentType.objects.get_for_model(subject)
    thread, _created = Thread.objects.get_or_create(content_type=content_type, object_id=subject.pk)
    return thread


def _tell(message: ThreadMessage, subject, author, policy: ThreadPolicy) -> None:
    for recipient in policy.other_side(subject, author):
        notify(  # the title is a portal.messages.Message: each reader sees it in their own language
            recipient=recipient,
            event_key=f"{policy.key}-message-{message.pk}",
            kind=policy.notification_kind,
            title=policy.notice_title(recipient, subject),
            url=policy.url(subject),
        )


@transaction.atomic
def thread_message_send(*, subject, author, policy: ThreadPolicy, body: str = "", attachment=None) -> ThreadMessage:
    if not policy.is_party(author, subject):
        raise AccessDenied(hide=True)
    body = (body or "").strip()
    if len(body) > BODY_LIMIT:
        raise ValidationError({"body": _("Keep it under %(limit)d characters.") % {"limit": BODY_LIMIT}})
    if not body and not attachment:
        raise ValidationError({"body": _("Write a message or attach a file.")})
    if attachment:
        try:
            attachment = document_prepare(attachment, name="attachment")
        except ValidationError as exc:
            raise ValidationError({"attachment": exc.messages}) from None
    thread = Thread.objects.select_for_update().get(pk=thread_for(subject).pk)
    message = ThreadMessage.objects.create(thread=thread, author=author, body=body, attachment=attachment or "")
    thread_mark_read(thread=thread, user=author)
    _tell(message, subject, author, policy)
    return message


def thread_mark_read(*, thread: Thread, user) -> None:
    """Everything in the thread so far counts as read for this person."""
    last = thread.messages.aggregate(last=Max("id"))["last"] or 0
    mark, created = ThreadReadMark.objects.get_or_create(thread=thread, user=user, defaults={"last_read_id": last})
    if not created and mark.last_read_id < last:
        ThreadReadMark.objects.filter(pk=mark.pk, last_read_id__lt=last).update(last_read_id=last)


def thread_unread_count(*, subject, user) -> int:
    thread = thread_find(subject)
    if thread is None:
        return 0
    return thread.messages.unread_by(user).count()


@transaction.atomic
def thread_complaint_file(*, subject, user, policy: ThreadPolicy, reason: str) -> Thread:
    """Either side reports the conversation to the bureau, whose staff may then read it (audited)."""
    if not policy.is_party(user, subject):
        raise AccessDenied(hide=True)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say what the complaint is about.")})
    if len(reason) > COMPLAINT_LIMIT:
        raise ValidationError({"reason": _("Keep it under %(limit)d characters.") % {"limit": COMPLAINT_LIMIT}})
    thread = Thread.objects.select_for_update().get(pk=thread_for(subject).pk)
    if thread.has_complaint():
        raise ValidationError(_("A complaint has already been filed on this conversation."))
    thread.complaint_at, thread.complaint_by, thread.complaint_reason = timezone.now(), user, reason
    thread.save(update_fields=["complaint_at", "complaint_by", "complaint_reason"])
    audit_record(actor=user, action=AuditLog.Action.OTHER, target=thread, detail={policy.key: "complaint filed"})
    return thread


def thread_may_read(*, subject, user, policy: ThreadPolicy) -> bool:
    if policy.is_party(user, subject):
        return True
    thread = thread_find(subject)
    return thread is not None and thread.has_complaint() and policy.staff_may_read(user, subject, thread)


def thread_open(*, subject, user, policy: ThreadPolicy, request=None) -> Thread:
    """The thread as `user` may read it: a party's read marks it read; a staff read (complaint filed) is written to
    the audit log each time and marks nothing."""
    if policy.is_party(user, subject):
        thread = thread_for(subject)
        thread_mark_read(thread=thread, user=user)
        return thread
    if not thread_may_read(subject=subject, user=user, policy=policy):
        raise AccessDenied(hide=True)
    thread = thread_find(subject)
    audit_record(
        actor=user,
        action=AuditLog.Action.UNMASK,
        target=thread,
        detail={policy.key: "message thread read on complaint"},
        request=request,
    )
    return thread


def thread_attachment_open(*, message: ThreadMessage, user, policy: ThreadPolicy, request=None):
    """A message's attachment for a reader of its thread; a staff read is audited like the thread's."""
    subject = message.thread.subject
    if subject is None or not thread_may_read(subject=subject, user=user, policy=policy):
        raise AccessDenied(hide=True)
    if not policy.is_party(user, subject):
        audit_record(
            actor=user,
            action=AuditLog.Action.UNMASK,
            target=message.thread,
            detail={policy.key: "message attachment read on complaint", "message": message.pk},
            request=request,
        )
    if not message.attachment:
        raise AccessDenied(hide=True)
    return message.attachment
