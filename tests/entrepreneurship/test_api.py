"""API: scoping per role (404 for others' objects), writes through the services, refusals as 400."""

import pytest

from entrepreneurship.models import Competition
from entrepreneurship.services import competitions, loans
from tests import factories as base
from tests.entrepreneurship import factories as f

pytestmark = pytest.mark.django_db
API = "/api/v1/"


def test_enterprises_scoped_to_founder(api_client, veteran):
    mine, theirs = f.enterprise(founder=veteran), f.enterprise()
    api_client.force_authenticate(veteran)
    ids = [e["id"] for e in api_client.get(f"{API}enterprises/").json()["results"]]
    assert ids == [mine.pk]
    assert api_client.get(f"{API}enterprises/{theirs.pk}/").status_code == 404
    response = api_client.post(
        f"{API}enterprises/",
        {"name": "新项目", "industry": "餐饮", "stage": "registered", "uscc": "123"},
        format="json",
    )
    assert response.status_code == 400 and "uscc" in response.json()


def test_residency_apply_and_operator_accept_via_api(api_client, veteran):
    base_ = f.incubator_base(total=4)
    ent = f.enterprise(founder=veteran)
    api_client.force_authenticate(veteran)
    response = api_client.post(
        f"{API}residency-applications/",
        {"base": base_.pk, "enterprise": ent.pk, "workstations_requested": 2},
        format="json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    api_client.force_authenticate(base.OrgMemberFactory(org_type="incubator"))
    assert api_client.post(f"{API}residency-applications/{pk}/accept/", {}, format="json").status_code == 404
    api_client.force_authenticate(base.OrgMemberFactory(organization=base_.operator))
    response = api_client.post(
        f"{API}residency-applications/{pk}/accept/",
        {"workstations": 2, "start_date": "2026-03-01", "end_date": "2026-09-01"},
        format="json",
    )
    assert response.status_code == 200 and response.json()["status"] == "active"
    assert api_client.get(f"{API}incubators/{base_.pk}/").json()["occupied_workstations"] == 2


def test_mentor_booking_via_api_and_double_booking_is_400(api_client, veteran):
    s = f.slot()
    api_client.force_authenticate(veteran)
    assert api_client.post(f"{API}mentor-bookings/", {"slot": s.pk, "topic": "legal"}, format="json").status_code == 201
    api_client.force_authenticate(base.VeteranFactory())
    response = api_client.post(f"{API}mentor-bookings/", {"slot": s.pk, "topic": "legal"}, format="json")
    assert response.status_code == 400
    assert api_client.get(f"{API}mentor-bookings/").json()["count"] == 0


def test_scores_api_shows_only_own_scores_and_refuses_conflicts(api_client):
    comp = f.competition(status=Competition.Status.JUDGING)
    criteria = list(comp.criteria.all())
    judge_a, judge_b = f.judge(comp), f.judge(comp)
    e1, e2 = f.entry(comp), f.entry(comp)
    other = competitions.score_submit(judge=judge_b, entry=e1, values={str(c.pk): 20 for c in criteria})
    competitions.conflict_declare(entry=e2, judge=judge_a, user=judge_a, reason="同事")
    api_client.force_authenticate(judge_a)
    assert api_client.get(f"{API}scores/").json()["count"] == 0
    assert api_client.get(f"{API}scores/{other.pk}/").status_code == 404
    entries = api_client.get(f"{API}competitions/{comp.pk}/entries/").json()["results"]
    assert [e["id"] for e in entries] == [e1.pk]
    values = {str(c.pk): 30 for c in criteria}
    refused = api_client.post(
        f"{API}scores/", {"entry": e2.pk, "values": values}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert refused.status_code == 403 and "conflict of interest" in refused.json()["detail"]
    response = api_client.post(f"{API}scores/", {"entry": e1.pk, "values": values}, format="json")
    assert response.status_code == 201
    assert api_client.get(f"{API}scores/").json()["count"] == 1


def test_entries_api_veteran_sees_only_own_entries(api_client, veteran):
    comp = f.competition()
    f.entry(comp)
    ent = f.enterprise(founder=veteran)
    api_client.force_authenticate(veteran)
    response = api_client.post(
        f"{API}competitions/{comp.pk}/entries/", {"enterprise": ent.pk, "pitch": "路演"}, format="json"
    )
    assert response.status_code == 201
    assert api_client.get(f"{API}competitions/{comp.pk}/entries/").json()["count"] == 1


def test_loan_applications_scoped_to_applicant_and_bank(api_client, veteran):
    product = f.loan_product()
    banker = base.OrgMemberFactory(organization=product.bank)
    app = loans.loan_apply(
        user=veteran,
        product=product,
        enterprise=f.enterprise(founder=veteran),
        amount="1000",
        term_months=12,
        purpose="周转",
    )
    for outsider in (base.VeteranFactory(), base.OrgMemberFactory(org_type="bank")):
        api_client.force_authenticate(outsider)
        assert api_client.get(f"{API}loan-applications/{app.pk}/").status_code == 404
        assert (
            api_client.post(
                f"{API}loan-applications/{app.pk}/review/", {"decision": "approve"}, format="json"
            ).status_code
            == 404
        )
    api_client.force_authenticate(veteran)
    assert (
        api_client.post(f"{API}loan-applications/{app.pk}/review/", {"decision": "approve"}, format="json").status_code
        == 404
    )  # not a member of the bank
    api_client.force_authenticate(banker)
    assert (
        api_client.post(f"{API}loan-applications/{app.pk}/review/", {"decision": "approve"}, format="json").status_code
        == 200
    )
    response = api_client.post(f"{API}loan-applications/{app.pk}/disburse/", {}, format="json")
    assert response.status_code == 200
    # Interest only by default: 1000 × 3.45% / 12 = 2.875 → 2.88 a month (each month rounded, as the bank charges),
    # 12 months = 34.56, all of it subsidized (under the cap) in quarterly settlements.
    assert response.json()["subsidy_due"] == "34.56"


def test_public_lists(api_client):
    f.incubator_base()
    mentors_slot = f.slot()
    f.loan_product()
    f.competition()
    for path in ("incubators/", "mentors/", "mentor-slots/", "loan-products/", "competitions/"):
        assert api_client.get(f"{API}{path}").status_code == 200
    assert api_client.get(f"{API}mentor-slots/").json()["results"][0]["id"] == mentors_slot.pk
