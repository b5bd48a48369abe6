"""What a subject app decides about the message threads on its objects (portal.models.Thread): who the two sides
are, when bureau staff may read, where the thread page is and what its notices say. The app defines one
ThreadPolicy per kind of subject (e.g. training.threads.ENROLMENT_THREAD) from its own permission functions and
passes it to portal.services.threads; the shell decides nothing about training or any other pillar."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ThreadPolicy:
    key: str  # names the kind of thread in the audit log and the notification's event key
    notification_kind: str
    # The person the subject belongs to (the trainee); they and `handlers` are the thread's two sides.
    owner: Callable[..., object]
    # The active members of the organization handling the subject (the institution's members).
    handlers: Callable[..., list]
    is_party: Callable[..., bool]  # (user, subject) → may read and write
    staff_may_read: Callable[..., bool]  # (user, subject, thread) → may read on a complaint (audited)
    url: Callable[..., str]  # (subject) → the thread page
    notice_title: Callable[..., object]  # (recipient, subject) → the notice's title, a portal.messages.Message

    def other_side(self, subject, author) -> list:
        owner = self.owner(subject)
        if author.pk == owner.pk:
            return [user for user in self.handlers(subject) if user.is_active]
        return [owner] if owner.is_active else []
