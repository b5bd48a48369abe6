"""Messages per application: write (text and/or one attachment under the résumé's upload rules), mark read, file a
complaint, and the staff's audited read of a complained thread.

The other side hears of each message through notify (in-site, e-mail where allowed); a message's content never
goes into the notice, which may travel by e-mail.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobs.models import Application, Message, MessageThread, ThreadRead
from jobs.permissions import is_applicant, is_thread_party, staff_may_read_thread
from portal.exceptions import AccessDenied
from portal.messages import Message as Text
from portal.models import AuditLog
from portal.services.audit import audit_record
from portal.services.notifications import notify
from portal.uploads import document_prepare

BODY_LIMIT = 2000


def thread_for(application: Application) -> MessageThread:
    thread, _created = MessageThread.objects.get_or_create(application=application)
    return thread


def _other_side(application: Application, author) -> list:
    if is_applicant(author, application):
        memberships = application.position.organization.memberships.select_related("user")
        return [m.user for m in memberships if m.user.is_active]
    return [application.veteran] if application.veteran.is_active else []


def _tell(message: Message, application: Application, author) -> None:
    for recipient in _other_side(application, author):
        if is_applicant(recipient, application):
            title = Text(gettext_lazy("New message from %(employer)s"), employer=application.position.organization.name)
        else:
            title = Text(
                gettext_lazy("New message from %(applicant)s about %(position)s"),
                applicant=application.applicant_name,
                position=application.position.title,
            )
        notify(
            recipient=recipient,
            event_key=f"jobs-message-{message.pk}",
            kind="jobs_message",
            title=title,
            url=reverse("jobs:application_messages", args=[application.pk]),
        )


@transaction.atomic
def message_send(*, application: Application, author, body: str = "", attachment=None) -> Message:
    """Post in the application's thread; only the applicant and the employer's members write there."""
    application = Application.objects.select_related("position__organization", "veteran").get(pk=application.pk)
    if not is_thread_party(author, application):
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
    thread = MessageThread.objects.select_for_update().get(pk=thread_for(application).pk)
    message = Message.objects.create(thread=thread, author=author, body=body, attachment=attachment or "")
    thread_mark_read(thread=thread, user=author)
    _tell(message, application, author)
    return message


def thread_mark_read(*, thread: MessageThread, user) -> None:
    """Everything in the thread so far counts as read for this person."""
    last = thread.messages.aggregate(last=Max("id"))["last"] or 0
    mark, created = ThreadRead.objects.get_or_create(thread=thread, user=user, defaults={"last_read_id": last})
    if not created and mark.last_read_id < last:
        ThreadRead.objects.filter(pk=mark.pk, last_read_id__lt=last).update(last_read_id=last)


@transaction.atomic
def thread_complaint_file(*, application: Application, user, reason: str) -> MessageThread:
    """Either side reports the conversation to the bureau; the staff of the fair's organizer may then read it."""
    if not is_thread_party(user, application):
        raise AccessDenied(hide=True)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say what the complaint is about.")})
    if len(reason) > 500:
        raise ValidationError({"reason": _("Keep it under %(limit)d characters.") % {"limit": 500}})
    thread = MessageThread.objects.select_for_update().get(pk=thread_for(application).pk)
    if thread.has_complaint():
        raise ValidationError(_("A complaint has already been filed on this conversation."))
    thread.complaint_at, thread.complaint_by, thread.complaint_reason = timezone.now(), user, reason
    thread.save(update_fields=["complaint_at", "complaint_by", "complaint_reason"])
    audit_record(actor=user, action=AuditLog.Action.OTHER, target=thread, detail={"jobs": "complaint filed"})
    return thread


def thread_open(*, application: Application, user, request=None) -> MessageThread:
    """The thread as `user` may read it: a party's read marks it read; a staff read (complaint filed, staff of the
    fair's organizer) is written to the audit log each time and marks nothing."""
    if is_thread_party(user, application):
        thread = thread_for(application)
        thread_mark_read(thread=thread, user=user)
        return thread
    if not staff_may_read_thread(user, application):
        raise AccessDenied(hide=True)
    thread = application.thread
    audit_record(
        actor=user,
        action=AuditLog.Action.UNMASK,
        target=thread,
        detail={"jobs": "message thread read on complaint"},
        request=request,
    )
    return thread


def message_attachment_open(*, message: Message, user, request=None):
    """A message's attachment for a reader of its thread; a staff read is audited like the thread's."""
    application = message.thread.application
    if not is_thread_party(user, application):
        if not staff_may_read_thread(user, application):
            raise AccessDenied(hide=True)
        audit_record(
            actor=user,
            action=AuditLog.Action.UNMASK,
            target=message.thread,
            detail={"jobs": "message attachment read on complaint", "message": message.pk},
            request=request,
        )
    if not message.attachment:
        raise AccessDenied(hide=True)
    return message.attachment
