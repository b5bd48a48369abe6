"""A booth's on-site interview queue: take a number, call the next, mark done or skip, leave.

Numbers are given out under a lock on the booth's row (the next is the booth's highest plus one) and are unique per
booth in the database; a person holds at most one open number per booth (taking again returns the same one).
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobs.models import Booth, QueueTicket
from jobs.permissions import can_apply, can_run_queue
from jobs.services.scan_links import booth_scan_token_read
from portal.exceptions import AccessDenied
from portal.messages import Message
from portal.services.notifications import notify

T = QueueTicket.Status


def _locked_booth(booth: Booth) -> Booth:
    return Booth.objects.select_for_update(of=("self",)).select_related("fair", "organization").get(pk=booth.pk)


def queue_take_number(*, booth: Booth, user, scan_link: str = "") -> QueueTicket:
    """Give the person the booth's next number while its fair is on. `scan_link` is the token of the booth's QR
    code; a genuine one records that the number was taken by scanning."""
    try:
        with transaction.atomic():
            booth = _locked_booth(booth)
            if not booth.is_approved():
                raise ValidationError(_("This booth is not taking part in the fair."))
            if not booth.fair.is_live():
                raise ValidationError(_("Numbers are given out while the fair is on."))
            if booth.organization.memberships.filter(user=user).exists():
                raise ValidationError(_("You are a member of this booth's employer."))
            if not can_apply(user):
                raise ValidationError(_("Only veterans and military family members can queue for an interview."))
            mine = QueueTicket.objects.filter(booth=booth, user=user, status__in=QueueTicket.OPEN).first()
            if mine is not None:
                return mine
            last = QueueTicket.objects.filter(booth=booth).aggregate(last=Max("number"))["last"] or 0
            scanned = booth_scan_token_read(scan_link) == (booth.fair_id, booth.pk) if scan_link else False
            source = QueueTicket.Source.SCAN if scanned else QueueTicket.Source.PAGE
            return QueueTicket.objects.create(booth=booth, user=user, number=last + 1, source=source)
    except IntegrityError:  # the same person's double tap: the other request gave the number
        ticket = QueueTicket.objects.filter(booth=booth, user=user, status__in=QueueTicket.OPEN).first()
        if ticket is None:
            raise ValidationError(_("Please try again.")) from None
        return ticket


def ahead_of(ticket: QueueTicket) -> int:
    """How many are waiting before this number."""
    if ticket.status != T.WAITING:
        return 0
    return QueueTicket.objects.filter(booth_id=ticket.booth_id, status=T.WAITING, number__lt=ticket.number).count()


def _tell_called(ticket: QueueTicket) -> None:
    booth, user = ticket.booth, ticket.user
    title = Message(
        gettext_lazy("Your turn: number %(number)s at booth %(booth)s (%(employer)s)"),
        number=ticket.number,
        booth=booth.number or "-",
        employer=booth.organization.name,
    )
    notify(
        recipient=user,
        event_key=f"jobs-queue-{ticket.pk}-called-{ticket.called_at:%H%M%S}",
        kind="jobs_fair",
        title=title,
        url=reverse("jobs:queue_ticket", args=[ticket.pk]),
        email=False,
    )


@transaction.atomic
def queue_call_next(*, booth: Booth, actor) -> QueueTicket:
    """Call the lowest waiting number (the booth's row is locked, so two members never call the same person)."""
    booth = _locked_booth(booth)
    if not can_run_queue(actor, booth):
        raise AccessDenied(hide=True)
    ticket = QueueTicket.objects.filter(booth=booth, status=T.WAITING).order_by("number").first()
    if ticket is None:
        raise ValidationError(_("Nobody is waiting."))
    ticket.status, ticket.called_at, ticket.called_by = T.CALLED, timezone.now(), actor
    ticket.save(update_fields=["status", "called_at", "called_by"])
    ticket.booth = booth
    _tell_called(ticket)
    return ticket


@transaction.atomic
def queue_ticket_finish(*, ticket: QueueTicket, actor, outcome: str) -> QueueTicket:
    """A booth member marks a called number as interviewed, or skips a number (not there when called)."""
    booth = _locked_booth(ticket.booth)
    if not can_run_queue(actor, booth):
        raise AccessDenied(hide=True)
    ticket = QueueTicket.objects.select_for_update().get(pk=ticket.pk)
    if outcome not in (T.DONE, T.SKIPPED):
        raise ValidationError(_("Choose interviewed or skipped."))
    if outcome == T.DONE and not ticket.is_called():
        raise ValidationError(_("Call this number before marking it interviewed."))
    if not ticket.is_open():
        raise ValidationError(_("This number is already finished."))
    ticket.status, ticket.finished_at = outcome, timezone.now()
    ticket.save(update_fields=["status", "finished_at"])
    return ticket


@transaction.atomic
def queue_ticket_leave(*, ticket: QueueTicket, user) -> QueueTicket:
    """The person gives up their number."""
    ticket = QueueTicket.objects.select_for_update().get(pk=ticket.pk)
    if ticket.user_id != user.pk:
        raise AccessDenied(hide=True)
    if not ticket.is_open():
        raise ValidationError(_("This number is already finished."))
    ticket.status, ticket.finished_at = T.LEFT, timezone.now()
    ticket.save(update_fields=["status", "finished_at"])
    return ticket
