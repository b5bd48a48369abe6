"""No double booking: twenty applicants offered one slot pick it at the same moment (PostgreSQL, real
transactions, one thread each) and exactly one books it; an interviewer's overlapping slots book once."""

import pytest

from jobs.models import Interview, InterviewSlot
from jobs.services.interviews import interview_pick, interview_propose
from tests.concurrency import at_once
from tests.factories import OrgMemberFactory
from tests.jobs.hiring import applied, details, in_hours, invite

N = 20


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_picks_of_one_slot_book_it_once():
    employer = OrgMemberFactory(org_type="employer")
    first, _e, first_veteran = applied(employer=employer)
    slot = invite(first, employer, 48, interviewer=employer).offered_slots.get()
    pairs = [(first.interviews.get(), first_veteran)]
    for _ in range(N - 1):
        application, _e, veteran = applied(employer=employer)
        pairs.append((interview_propose(application=application, actor=employer, offer_slots=[slot]), veteran))

    outcomes = at_once([lambda i=i, v=v: interview_pick(interview=i, actor=v, slot=slot) for i, v in pairs])

    assert outcomes.count("ok") == 1, outcomes
    assert outcomes.count("refused") == N - 1, outcomes
    slot.refresh_from_db()
    assert Interview.objects.filter(status="booked").count() == 1
    assert Interview.objects.get(status="booked").pk == slot.booking_id


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_overlapping_slots_of_one_interviewer_are_booked_once_under_concurrency():
    employer = OrgMemberFactory(org_type="employer")
    calls = []
    for offset in range(6):  # six slots 10 minutes apart, each 60 minutes: all overlap
        application, _e, veteran = applied(employer=employer)
        interview = interview_propose(
            application=application,
            actor=employer,
            times=[in_hours(48 + offset / 6)],
            details=details(interviewer=employer, minutes=60),
        )
        slot = interview.offered_slots.get()
        calls.append(lambda i=interview, v=veteran, s=slot: interview_pick(interview=i, actor=v, slot=s))

    outcomes = at_once(calls)

    assert outcomes.count("ok") == 1, outcomes
    assert InterviewSlot.objects.filter(interviewer=employer, booking__isnull=False).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_database_refuses_overlapping_bookings_of_one_interviewer():
    from django.db import IntegrityError, transaction

    employer = OrgMemberFactory(org_type="employer")
    booked = []
    for offset in (0, 0.5):
        application, _e, _veteran = applied(employer=employer)
        interview = interview_propose(
            application=application,
            actor=employer,
            times=[in_hours(48 + offset)],
            details=details(interviewer=employer, minutes=60),
        )
        booked.append((interview, interview.offered_slots.get()))
    InterviewSlot.objects.filter(pk=booked[0][1].pk).update(booking=booked[0][0])
    with pytest.raises(IntegrityError), transaction.atomic():  # past the service: the exclusion constraint holds
        InterviewSlot.objects.filter(pk=booked[1][1].pk).update(booking=booked[1][0])
