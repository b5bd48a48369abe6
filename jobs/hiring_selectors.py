"""Reads of the hiring loop: unread messages per application, interviews under way, booth queues."""

import datetime

from django.db.models import Prefetch, Q
from django.utils import timezone

from jobs.models import Application, Interview, InterviewSlot, QueueTicket
from portal.models import ThreadMessage


def with_unread_messages(applications, user):
    """Each application annotated with `unread_messages`: messages in its thread (jobs.threads) by someone else,
    after the user's read mark (the rule is portal.models.ThreadMessage's)."""
    return applications.annotate(unread_messages=ThreadMessage.objects.unread_count_per_subject(Application, user))


def with_current_interview(applications):
    """Prefetch each application's interviews (newest first) as `interview_list`; the page shows the first."""
    interviews = Interview.objects.select_related("booked_slot").order_by("-created_at", "-id")
    return applications.prefetch_related(Prefetch("interviews", queryset=interviews, to_attr="interview_list"))


def open_slots(organization):
    """Times the organization offers and nobody booked yet, still to come (offered again to other applicants)."""
    return InterviewSlot.objects.filter(
        organization=organization, booking__isnull=True, starts_at__gt=timezone.now()
    ).select_related("interviewer")


def upcoming_interviews(organizations):
    """The organizations' interviews under way, and those held or cancelled in the last two weeks."""
    recent = timezone.now() - datetime.timedelta(days=14)
    return (
        Interview.objects.filter(application__position__organization__in=organizations)
        .filter(Q(status__in=Interview.ACTIVE) | Q(updated_at__gte=recent))
        .select_related("application__position", "booked_slot__interviewer")
        .order_by("booked_slot__starts_at", "-created_at")
    )


def queue_of(booth):
    """The booth's open numbers, called ones first, then waiting in order."""
    return (
        QueueTicket.objects.filter(booth=booth, status__in=QueueTicket.OPEN)
        .select_related("user__veteran_profile", "user__family_profile")
        .order_by("status", "number")  # "called" before "waiting"
    )
