"""The message thread of an application (portal.threads): the applicant and the members of the employer that owns
the position. Bureau staff of the fair's organizer read it once a complaint is filed (jobs.permissions)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jobs.permissions import is_applicant, is_thread_party, staff_may_read_thread
from portal.messages import Message
from portal.threads import ThreadPolicy


def _handlers(application) -> list:
    return [m.user for m in application.position.organization.memberships.select_related("user")]


def _title(recipient, application) -> Message:
    if is_applicant(recipient, application):
        return Message(_("New message from %(employer)s"), employer=application.position.organization.name)
    return Message(
        _("New message from %(applicant)s about %(position)s"),
        applicant=application.applicant_name,
        position=application.position.title,
    )


APPLICATION_THREAD = ThreadPolicy(
    key="jobs",  # the audit log's detail key and the notices' event keys ("jobs-message-<id>") stay as they were
    notification_kind="jobs_message",
    owner=lambda application: application.veteran,
    handlers=_handlers,
    is_party=is_thread_party,
    staff_may_read=staff_may_read_thread,
    url=lambda application: reverse("jobs:application_messages", args=[application.pk]),
    notice_title=_title,
)
