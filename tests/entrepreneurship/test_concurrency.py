"""Limited resources under 50 simultaneous requests (PostgreSQL, real transactions)."""

import datetime

import pytest

from entrepreneurship.models import MentorBooking, Residency
from entrepreneurship.services import incubators, mentors
from tests import factories as base
from tests.concurrency import at_once
from tests.entrepreneurship import factories as f

N = 50


def _run_concurrently(fn, args_list):
    return at_once([lambda args=args: fn(*args) for args in args_list])


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_bookings_of_one_slot_book_it_once():
    s = f.slot()
    veterans = [base.VeteranFactory() for _ in range(N)]
    outcomes = _run_concurrently(
        lambda v: mentors.booking_create(user=v, slot=s, topic="financing"), [(v,) for v in veterans]
    )
    assert outcomes.count("ok") == 1
    assert outcomes.count("refused") == N - 1
    assert MentorBooking.objects.filter(slot=s, status="booked").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_acceptances_never_exceed_workstations():
    base_ = f.incubator_base(total=12)
    operator = base.OrgMemberFactory(organization=base_.operator)
    founder = base.VeteranFactory()
    applications = []
    for i in range(N):
        ent = f.enterprise(founder=founder, name=f"项目{i}")
        applications.append(Residency.objects.create(base=base_, enterprise=ent, workstations_requested=1 + i % 2))
    today = datetime.date(2026, 3, 1)
    outcomes = _run_concurrently(
        lambda r: incubators.residency_accept(
            residency=r,
            user=operator,
            workstations=r.workstations_requested,
            start_date=today,
            end_date=today + datetime.timedelta(days=365),
        ),
        [(r,) for r in applications],
    )
    assert set(outcomes) <= {"ok", "refused"}
    assert base_.occupied_workstations() <= 12
    # Every request either fitted or was refused because the base was (nearly) full.
    assert base_.occupied_workstations() >= 11
