"""Mentor bookings: slots left on the mentor's page, the book button disabled with its reason (booked, past, not a
veteran), the booking's steps and timeline, and the booking's predicates agreeing with the services' refusals."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from entrepreneurship.models import MentorBooking, MentorSlot
from entrepreneurship.services import mentors
from portal import progress
from portal.exceptions import AccessDenied
from portal.services.status_history import status_changes_of
from tests import factories
from tests.entrepreneurship import factories as ef

pytestmark = pytest.mark.django_db
P = MentorBooking.Progress


def _book(slot, veteran=None):
    return mentors.booking_create(user=veteran or factories.VeteranFactory(), slot=slot, topic="financing")


def _disabled_buttons(html):
    return re.findall(r'<button[^>]*disabled aria-describedby="([^"]+)"', html)


def test_mentor_page_counts_free_slots_and_says_why_a_slot_cannot_be_booked(client):
    mentor = ef.mentor()
    free, taken = ef.slot(mentor, hours_ahead=24), ef.slot(mentor, hours_ahead=48)
    past = MentorSlot.objects.create(
        mentor=mentor,
        start=timezone.now() - datetime.timedelta(minutes=2),
        end=timezone.now() - datetime.timedelta(minutes=1),
    )
    if timezone.localtime(past.start).date() != timezone.localdate():  # just after midnight: not listed today
        past.delete()
    _book(taken)
    client.force_login(factories.VeteranFactory())
    client.cookies["django_language"] = "en"
    html = client.get(reverse("entrepreneurship:mentor_detail", args=[mentor.pk])).content.decode()
    assert "Free slots: 1 of 2" in html
    assert reverse("entrepreneurship:slot_book", args=[free.pk]) in html
    assert reverse("entrepreneurship:slot_book", args=[taken.pk]) not in html
    assert f"slot-{taken.pk}-why" in _disabled_buttons(html)
    assert str(MentorSlot.booking_refusal(taken)) in html
    if MentorSlot.objects.filter(pk=past.pk).exists():
        assert f"slot-{past.pk}-why" in _disabled_buttons(html)
    assert reverse("portal:guide", args=["mentor-booking"]) in html
    client.force_login(factories.UserFactory())  # not a veteran: every button disabled, the reason said once
    html = client.get(reverse("entrepreneurship:mentor_detail", args=[mentor.pk])).content.decode()
    assert "book-who" in _disabled_buttons(html)
    assert reverse("entrepreneurship:slot_book", args=[free.pk]) not in html


def test_the_booking_form_is_disabled_with_the_reason_the_service_gives(client):
    slot = ef.slot()
    _book(slot)
    veteran = factories.VeteranFactory()
    client.force_login(veteran)
    html = client.get(reverse("entrepreneurship:slot_book", args=[slot.pk])).content.decode()
    slot.refresh_from_db()
    reason = slot.booking_refusal()
    assert reason and 'data-testid="form-refusal"' in html and reason in html
    assert "form-refusal" in _disabled_buttons(html)
    assert reverse("portal:guide", args=["mentor-booking"]) in html
    with pytest.raises(ValidationError, match=reason):
        _book(slot, veteran)


def test_a_booked_past_or_unapproved_slot_is_refused_with_its_reason():
    past = ef.slot(hours_ahead=-3)
    assert past.booking_refusal() and not ef.slot().booking_refusal()
    with pytest.raises(ValidationError, match=past.booking_refusal()):
        _book(past)
    pending = ef.slot(ef.mentor(approved=False))
    with pytest.raises(ValidationError, match=pending.booking_refusal()):
        _book(pending)


def _path(booking):
    booking = MentorBooking.objects.select_related("slot").get(pk=booking.pk)
    return [(s.step.value, s.state) for s in progress.shown_steps(booking)]


def test_a_session_is_booked_held_and_rated_each_step_recorded():
    slot = ef.slot(hours_ahead=24)
    booking = _book(slot)
    assert _path(booking) == [("booked", "current"), ("held", "upcoming"), ("rated", "upcoming")]
    MentorSlot.objects.filter(pk=slot.pk).update(
        start=timezone.now() - datetime.timedelta(hours=2), end=timezone.now() - datetime.timedelta(hours=1)
    )
    assert _path(booking)[1] == ("held", "current")
    mentors.booking_rate(booking=booking, user=booking.veteran, rating=5, comment="很有帮助")
    assert _path(booking)[2] == ("rated", "current")
    assert [(c.from_status, c.to_status) for c in status_changes_of(booking)] == [("", "booked"), ("held", "rated")]
    booking = MentorBooking.objects.get(pk=booking.pk)
    assert [e.label for e in progress.history(booking)] == [str(P.BOOKED.label), str(P.RATED.label)]


def test_a_cancelled_booking_ends_in_cancelled_with_the_reason(client):
    booking = _book(ef.slot(hours_ahead=24))
    mentors.booking_cancel(booking=booking, user=booking.veteran, reason="临时出差")
    assert _path(booking) == [("booked", "done"), ("cancelled", "current")]
    url = reverse("entrepreneurship:booking_detail", args=[booking.pk])
    for viewer in (booking.veteran, booking.slot.mentor.user):
        client.force_login(viewer)
        html = client.get(url).content.decode()
        assert "临时出差" in html and 'data-testid="progress-timeline"' in html
    client.force_login(factories.VeteranFactory())
    assert client.get(url).status_code == 404


def _refused(call) -> bool:
    try:
        call()
    except (ValidationError, AccessDenied):
        return True
    return False


@pytest.mark.parametrize("status", MentorBooking.Status.values)
@pytest.mark.parametrize("hours_ahead", [24, 1, -3])
def test_booking_predicates_agree_with_the_services(status, hours_ahead):
    """The bookings page offers cancel by can_cancel(), notes by is_active(), rating by can_rate()."""
    slot = ef.slot(hours_ahead=hours_ahead)
    booking = MentorBooking.objects.create(slot=slot, veteran=factories.VeteranFactory(), topic="legal", status=status)
    mentor_user = slot.mentor.user
    calls = {
        "can_cancel": lambda: mentors.booking_cancel(booking=booking, user=booking.veteran, reason=""),
        "is_active": lambda: mentors.booking_record_notes(booking=booking, user=mentor_user, notes="记录"),
        "can_rate": lambda: mentors.booking_rate(booking=booking, user=booking.veteran, rating=4),
    }
    for predicate, call in calls.items():
        MentorBooking.objects.filter(pk=booking.pk).update(status=status, rating=None)
        booking.refresh_from_db()
        expected = getattr(booking, predicate)()
        assert _refused(call) is not expected, (predicate, status, hours_ahead)
