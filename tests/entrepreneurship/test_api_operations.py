"""API of the workbench steps: the same services as the pages, with their refusals as 400/403/404."""

import datetime

import pytest

from entrepreneurship.models import Competition, DeskAllocation, JudgeConflict, MentorProfile, Residency
from entrepreneurship.services import incubators, workstations
from tests import factories as base
from tests.entrepreneurship import factories as f

pytestmark = pytest.mark.django_db
API = "/api/v1/"


def test_staff_start_judging_and_a_judge_declares_a_conflict(api_client, staff_user):
    comp = f.competition()
    entry = f.entry(comp)
    judge = f.judge(comp)
    api_client.force_authenticate(judge)
    assert api_client.post(f"{API}competition-operations/{comp.pk}/start-judging/").status_code == 403
    response = api_client.post(f"{API}competition-operations/{comp.pk}/conflicts/", {"entry": entry.pk}, format="json")
    assert response.status_code == 400 and "reason" in response.json()
    response = api_client.post(
        f"{API}competition-operations/{comp.pk}/conflicts/", {"entry": entry.pk, "reason": "亲属"}, format="json"
    )
    assert response.status_code == 201
    assert JudgeConflict.objects.filter(judge=judge, entry=entry).exists()
    api_client.force_authenticate(staff_user)
    response = api_client.post(f"{API}competition-operations/{comp.pk}/start-judging/")
    assert response.status_code == 200 and response.json() == {"status": "judging"}
    assert Competition.objects.get(pk=comp.pk).status == Competition.Status.JUDGING
    assert api_client.post(f"{API}competition-operations/{comp.pk}/start-judging/").status_code == 400


def test_mentor_applies_and_staff_review_with_a_reason(api_client, staff_user):
    user = base.UserFactory()
    api_client.force_authenticate(user)
    response = api_client.post(
        f"{API}mentor-applications/",
        {"display_name": "周导师", "expertise": "门店运营", "field": "services"},
        format="json",
    )
    assert response.status_code == 201 and response.json()["status"] == "pending"
    pk = response.json()["id"]
    assert api_client.post(f"{API}mentor-applications/{pk}/review/", {"approve": True}, format="json").status_code in (
        403,
        404,
    )
    api_client.force_authenticate(staff_user)
    response = api_client.post(f"{API}mentor-applications/{pk}/review/", {"approve": False}, format="json")
    assert response.status_code == 400 and "reason" in response.json()
    response = api_client.post(
        f"{API}mentor-applications/{pk}/review/", {"approve": False, "reason": "经历不足"}, format="json"
    )
    assert response.status_code == 200
    assert MentorProfile.objects.get(pk=pk).rejection_reason == "经历不足"


def test_operator_lays_out_a_room_and_allocates_desks_by_api(api_client):
    operator = base.OrgMemberFactory(org_type="incubator")
    home = f.incubator_base(operator=operator.organization)
    api_client.force_authenticate(operator)
    response = api_client.post(
        f"{API}operated-incubators/{home.pk}/rooms/", {"name": "101", "rows": 1, "columns": 2}, format="json"
    )
    assert response.status_code == 201 and [d["label"] for d in response.json()["desks"]] == ["A1", "A2"]
    residency = Residency.objects.create(base=home, enterprise=f.enterprise(), workstations_requested=1)
    incubators.residency_accept(
        residency=residency,
        user=operator,
        workstations=1,
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2030, 1, 1),
    )
    desk_ids = [d["id"] for d in response.json()["desks"]]
    url = f"{API}operated-incubators/{home.pk}/allocations/"
    response = api_client.post(url, {"residency": residency.pk, "desks": desk_ids}, format="json")
    assert response.status_code == 400  # two desks for one workstation
    response = api_client.post(url, {"residency": residency.pk, "desks": desk_ids[:1]}, format="json")
    assert response.status_code == 201
    assert DeskAllocation.objects.current().filter(residency=residency).count() == 1
    api_client.force_authenticate(base.OrgMemberFactory(org_type="incubator"))
    assert api_client.get(f"{API}operated-incubators/{home.pk}/").status_code == 404
    assert workstations.occupancy_plan(home)[0]["free"] == 1
