"""The message thread of an enrolment (portal.threads): the trainee and the institution running the class."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.messages import Message
from portal.threads import ThreadPolicy
from training.permissions import is_enrolment_thread_party, staff_may_read_enrolment_thread


def _handlers(enrollment) -> list:
    memberships = enrollment.training_class.course.institution.memberships.select_related("user")
    return [m.user for m in memberships]


def _title(recipient, enrollment) -> Message:
    cls = enrollment.training_class
    if recipient.pk == enrollment.veteran_id:
        return Message(_("New message from %(institution)s"), institution=cls.course.institution.name)
    return Message(_("New message from a trainee of %(cls)s"), cls=f"{cls.course.title} · {cls.name}")


ENROLMENT_THREAD = ThreadPolicy(
    key="training-enrolment",
    notification_kind="training",
    owner=lambda enrollment: enrollment.veteran,
    handlers=_handlers,
    is_party=is_enrolment_thread_party,
    staff_may_read=staff_may_read_enrolment_thread,
    url=lambda enrollment: reverse("training:enrollment_messages", args=[enrollment.pk]),
    notice_title=_title,
)
