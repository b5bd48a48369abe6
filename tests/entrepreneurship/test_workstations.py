"""Operators' bases, rooms and desks: the grid, allocations that never give a desk twice (20 operators at once on
PostgreSQL), the plan page, and desks freed when a residency ends."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from entrepreneurship.models import DeskAllocation, IncubatorBase, Residency
from entrepreneurship.services import incubators, workstations
from portal.exceptions import AccessDenied
from portal.models import Region
from tests import factories as base
from tests.entrepreneurship import factories as f
from tests.entrepreneurship.test_concurrency import _run_concurrently

N = 20


def _operator():
    return base.OrgMemberFactory(org_type="incubator")


def _resident(home, operator, workstations_count=2):
    residency = Residency.objects.create(
        base=home, enterprise=f.enterprise(), workstations_requested=workstations_count
    )
    return incubators.residency_accept(
        residency=residency,
        user=operator,
        workstations=workstations_count,
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2030, 1, 1),
    )


@pytest.mark.django_db
def test_operator_creates_a_base_and_lays_out_rooms_whose_desks_are_the_workstations():
    operator = _operator()
    data = {"name": "鼓楼老兵创业园", "region": Region.objects.get(code="350102"), "address": "鼓楼区八一七路1号"}
    home = workstations.base_save(user=operator, data=data, operator=operator.organization)
    with pytest.raises(AccessDenied):  # another operator's organization
        workstations.base_save(user=_operator(), data=data, operator=operator.organization)
    room = workstations.room_save(user=operator, base=home, name="101", rows=2, columns=3)
    workstations.room_save(user=operator, base=home, name="102", rows=1, columns=2)
    home.refresh_from_db()
    assert (home.total_workstations, home.rooms) == (8, 2)
    assert sorted(room.desks.values_list("label", flat=True)) == ["A1", "A2", "A3", "B1", "B2", "B3"]
    with pytest.raises(ValidationError), translation.override("en"):
        workstations.room_save(user=operator, base=home, name="101", rows=1, columns=1)  # name taken
    with pytest.raises(ValidationError):
        workstations.room_save(user=operator, base=home, name="103", rows=0, columns=50)
    workstations.room_save(user=operator, base=home, room=room, name="101", rows=1, columns=3)  # shrink
    home.refresh_from_db()
    assert home.total_workstations == 5
    with pytest.raises(AccessDenied):
        workstations.room_save(user=_operator(), base=home, name="104", rows=1, columns=1)


@pytest.mark.django_db
def test_desks_go_to_active_residencies_within_their_workstations_and_come_back_on_exit():
    operator = _operator()
    home = f.incubator_base(operator=operator.organization)
    room = workstations.room_save(user=operator, base=home, name="101", rows=1, columns=4)
    desks = list(room.desks.order_by("column"))
    first = _resident(home, operator, 2)
    second = _resident(home, operator, 1)
    workstations.desks_allocate(user=operator, residency=first, desks=desks[:2])
    with pytest.raises(ValidationError):  # already held
        workstations.desks_allocate(user=operator, residency=second, desks=[desks[1]])
    with pytest.raises(ValidationError):  # more desks than workstations
        workstations.desks_allocate(user=operator, residency=first, desks=[desks[2]])
    with pytest.raises(ValidationError):  # a desk in use cannot go out of service, nor its cell be cut off
        workstations.desk_set_in_service(user=operator, desk=desks[0], in_service=False)
    with pytest.raises(ValidationError):
        workstations.room_save(user=operator, base=home, room=room, name="101", rows=1, columns=1)
    other_base_desk = workstations.room_save(
        user=operator,
        base=f.incubator_base(operator=operator.organization, name="另一基地"),
        name="1",
        rows=1,
        columns=1,
    ).desks.get()
    with pytest.raises(ValidationError):
        workstations.desks_allocate(user=operator, residency=second, desks=[other_base_desk])
    plan = workstations.occupancy_plan(home)
    holders = [d.holder for d in plan[0]["grid"][0]]
    assert holders == [first, first, None, None]
    assert plan[0]["free"] == 2
    incubators.residency_exit(residency=first, user=operator)
    assert not DeskAllocation.objects.current().filter(residency=first).exists()
    workstations.desks_allocate(user=operator, residency=second, desks=[desks[0]])


@pytest.mark.django_db
def test_the_plan_page_shows_each_desk_with_a_text_label(client):
    operator = _operator()
    home = f.incubator_base(operator=operator.organization)
    room = workstations.room_save(user=operator, base=home, name="101", rows=1, columns=2)
    resident = _resident(home, operator, 1)
    workstations.desks_allocate(user=operator, residency=resident, desks=[room.desks.get(label="A1")])
    client.force_login(operator)
    page = client.get(reverse("entrepreneurship:operator_base_plan", args=[home.pk]), HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert page.status_code == 200 and "<caption>" in text
    assert resident.enterprise.name in text and "free" in text
    client.force_login(_operator())
    assert client.get(reverse("entrepreneurship:operator_base_plan", args=[home.pk])).status_code == 404
    response = client.post(reverse("entrepreneurship:operator_base_action", args=[home.pk, "room"]))
    assert response.status_code == 404
    client.force_login(operator)
    response = client.post(reverse("entrepreneurship:operator_base_action", args=[home.pk, "explode"]))
    assert response.status_code == 400
    assert IncubatorBase.objects.get(pk=home.pk).rooms == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_operators_allocating_the_same_desk_at_once_make_one_allocation():
    org = base.OrganizationFactory(org_type="incubator")
    operators = [base.OrgMemberFactory(organization=org) for _ in range(N)]
    home = f.incubator_base(operator=org)
    room = workstations.room_save(user=operators[0], base=home, name="101", rows=4, columns=5)  # 20 desks
    desk = room.desks.get(label="A1")
    residencies = [_resident(home, operators[0], 1) for _ in range(N)]  # each operator gives A1 to another resident
    outcomes = _run_concurrently(
        lambda operator, residency: workstations.desks_allocate(user=operator, residency=residency, desks=[desk]),
        list(zip(operators, residencies, strict=True)),
    )
    assert sorted(set(outcomes)) == ["ok", "refused"], outcomes
    assert outcomes.count("ok") == 1
    assert DeskAllocation.objects.filter(desk=desk).count() == 1


@pytest.mark.django_db
def test_staff_reach_every_base_from_the_workbench(client):
    staff = base.StaffFactory()
    home = f.incubator_base()
    client.force_login(staff)
    page = client.get(reverse("entrepreneurship:operator_bases"))
    assert page.status_code == 200 and home.name in page.content.decode()
    assert reverse("entrepreneurship:operator_bases") in client.get("/staff/").content.decode()
    assert client.get(reverse("entrepreneurship:operator_base_plan", args=[home.pk])).status_code == 200


@pytest.mark.django_db
def test_garbage_ids_in_a_post_are_a_404_not_a_500(client):
    operator = _operator()
    home = f.incubator_base(operator=operator.organization)
    client.force_login(operator)
    for action, body in (("desk", {"desk": "x"}), ("allocate", {"residency": "1;"}), ("release", {"allocation": ""})):
        url = reverse("entrepreneurship:operator_base_action", args=[home.pk, action])
        assert client.post(url, body).status_code == 404
    client.force_login(base.StaffFactory())
    comp = f.competition()
    url = reverse("entrepreneurship:competition_action", args=[comp.pk, "advance"])
    assert client.post(url, {"stage": "abc", "top_n": "1"}).status_code == 404
