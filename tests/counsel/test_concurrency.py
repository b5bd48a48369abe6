"""No double-booking: 20 requests of one provider racing for one slot (PostgreSQL, real transactions)."""

import datetime

import pytest
from django.utils import timezone

from portal.counsel import services
from portal.counsel.models import CounselRequest
from tests.concurrency import at_once
from tests.factories import StaffFactory, UserFactory, VeteranFactory

N = 20


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_bookings_of_one_slot_book_it_once():
    staff = StaffFactory()
    provider = services.provider_mark(user=UserFactory(), staff_user=staff, kind="counsellor")
    slot = services.slot_add(
        provider=provider, starts_at=timezone.now() + datetime.timedelta(days=1), minutes=60, place="咨询室"
    )
    requests = []
    for _ in range(N):
        veteran = VeteranFactory()
        r = services.request_create(user=veteran, kind="counselling", description="d", preferred_times="p")
        requests.append((services.request_assign(request=r, staff_user=staff, provider=provider), veteran))
    outcomes = at_once([lambda r=r, v=v: services.request_book(request=r, user=v, slot=slot) for r, v in requests])
    assert outcomes.count("ok") == 1, outcomes
    assert outcomes.count("refused") == N - 1
    assert CounselRequest.objects.filter(slot=slot, status="booked").count() == 1
