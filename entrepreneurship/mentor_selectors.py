"""Reads for the public mentor pages: approved mentors with their rating (shown only from MIN_RATINGS_SHOWN ratings)
and their next free slots."""

from django.db.models import Avg, Count, Q
from django.utils import timezone

from entrepreneurship.models import MentorProfile, MentorSlot
from entrepreneurship.models.mentors import MIN_RATINGS_SHOWN

NEXT_SLOTS = 3


def public_mentors(*, field: str = ""):
    rated = Q(slots__bookings__rating__isnull=False, slots__bookings__status="booked")
    mentors = MentorProfile.objects.approved().annotate(
        rating_count=Count("slots__bookings", filter=rated),
        rating_average=Avg("slots__bookings__rating", filter=rated),
    )
    if field in MentorProfile.Field.values:
        mentors = mentors.filter(field=field)
    return mentors.select_related("region").order_by("display_name", "pk")


def rating_shown(mentor) -> bool:
    return (getattr(mentor, "rating_count", 0) or 0) >= MIN_RATINGS_SHOWN


def slots_shown(mentor) -> list:
    """A mentor's slots from the start of today on, each with `.refusal` (why it cannot be booked, "" if it can):
    today's past and booked ones stay listed, their buttons disabled with the reason."""
    start_of_today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    slots = list(mentor.slots.filter(start__gte=start_of_today).select_related("mentor").order_by("start")[:60])
    now = timezone.now()
    for slot in slots:
        slot.refusal = slot.booking_refusal(now)
    return slots


def attach_next_slots(mentors) -> list:
    """Each mentor gets `.next_slots`: its next NEXT_SLOTS bookable slots (one query for the page)."""
    mentors = list(mentors)
    by_mentor = {m.pk: [] for m in mentors}
    slots = MentorSlot.objects.filter(mentor__in=mentors, is_booked=False, start__gt=timezone.now()).order_by("start")
    for slot in slots:
        bucket = by_mentor[slot.mentor_id]
        if len(bucket) < NEXT_SLOTS:
            bucket.append(slot)
    for m in mentors:
        m.next_slots = by_mentor[m.pk]
        m.rating_visible = rating_shown(m)
        if m.rating_visible:
            m.rating_average = round(m.rating_average, 1)
    return mentors
