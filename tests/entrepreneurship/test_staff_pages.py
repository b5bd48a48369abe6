"""Pages that replaced admin-only steps: staff create a competition (stages + rubric) and assign judges; bank members
create and edit their own loan products."""

import datetime

import pytest
from django.utils import timezone

from entrepreneurship.models import Competition, JudgeAssignment, LoanProduct
from tests import factories as base
from tests.entrepreneurship import factories as f

pytestmark = pytest.mark.django_db


def _when(days):
    return (timezone.localtime() + datetime.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


COMPETITION = {
    "title": "2026年南通市退役军人创业创新大赛",
    "organizer": "南通市退役军人事务局",
    "open_now": "on",
    "preliminary": _when(10),
    "semifinal": _when(20),
    "final": _when(30),
    "criteria": "创新性, 40, 100\n市场前景，35，100\n团队, 25, 50\n",
}


def test_staff_create_a_competition_with_stages_and_rubric_then_assign_a_judge(client):
    staff = base.StaffFactory()
    client.force_login(staff)
    response = client.post("/entrepreneurship/competitions/new/", COMPETITION)
    assert response.status_code == 302
    competition = Competition.objects.get()
    assert competition.status == Competition.Status.OPEN and competition.created_by == staff
    assert [s.kind for s in competition.stages.order_by("order")] == ["preliminary", "semifinal", "final"]
    assert [(c.name, int(c.weight), c.max_score) for c in competition.criteria.all()] == [
        ("创新性", 40, 100),
        ("市场前景", 35, 100),
        ("团队", 25, 50),
    ]
    judge = base.UserFactory(username="pingwei")
    assert (
        client.post(f"/entrepreneurship/competitions/{competition.pk}/judges/", {"username": "pingwei"}).status_code
        == 302
    )
    assert JudgeAssignment.objects.filter(competition=competition, judge=judge).exists()
    assert "pingwei" in client.get(f"/entrepreneurship/competitions/{competition.pk}/manage/").content.decode()
    client.post(f"/entrepreneurship/competitions/{competition.pk}/judges/", {"username": "nobody"})
    assert JudgeAssignment.objects.filter(competition=competition).count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"criteria": "创新性 40"}, "Line 1"),
        ({"criteria": "  "}, None),
        ({"semifinal": _when(40)}, "previous stage"),
        ({"preliminary": _when(-1), "semifinal": ""}, "future"),
    ],
)
def test_competition_form_refuses_bad_input_with_a_message(client, settings, change, message):
    settings.LANGUAGE_CODE = "en"
    client.force_login(base.StaffFactory())
    response = client.post("/entrepreneurship/competitions/new/", {**COMPETITION, **change}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    if message:
        assert message in response.content.decode()
    assert not Competition.objects.exists()


def test_a_draft_is_opened_by_staff_and_only_staff_create_or_assign(client):
    client.force_login(base.StaffFactory())
    client.post("/entrepreneurship/competitions/new/", {**COMPETITION, "open_now": ""})
    competition = Competition.objects.get()
    assert competition.status == Competition.Status.DRAFT
    client.post(f"/entrepreneurship/competitions/{competition.pk}/manage/open/")
    competition.refresh_from_db()
    assert competition.status == Competition.Status.OPEN
    client.force_login(base.VeteranFactory())
    assert client.get("/entrepreneurship/competitions/new/").status_code == 403
    assert client.post("/entrepreneurship/competitions/new/", COMPETITION).status_code == 403
    response = client.post(f"/entrepreneurship/competitions/{competition.pk}/judges/", {"username": "x"})
    assert response.status_code == 403


PRODUCT = {
    "name": "尊崇贷",
    "description": "退役军人创业担保贷款",
    "max_amount": "300000",
    "max_term_months": "36",
    "annual_rate": "3.450",
    "subsidy_rule": "percent_years",
    "subsidy_percent": "50",
    "subsidy_years": "2",
    "is_active": "on",
}


def test_bank_member_creates_and_edits_own_products_only(client):
    banker = base.OrgMemberFactory(org_type="bank")
    client.force_login(banker)
    response = client.post("/entrepreneurship/loans/bank/products/new/", {**PRODUCT, "bank": banker.organization.pk})
    assert response.status_code == 302
    product = LoanProduct.objects.get()
    assert product.bank == banker.organization and product.subsidy_years == 2
    response = client.post(f"/entrepreneurship/loans/bank/products/{product.pk}/", {**PRODUCT, "annual_rate": "3.2"})
    assert response.status_code == 302
    product.refresh_from_db()
    assert str(product.annual_rate) == "3.200"
    assert "尊崇贷" in client.get("/entrepreneurship/loans/bank/products/").content.decode()

    other = f.loan_product()  # another bank's product
    assert client.get(f"/entrepreneurship/loans/bank/products/{other.pk}/").status_code == 404
    response = client.post("/entrepreneurship/loans/bank/products/new/", {**PRODUCT, "bank": other.bank.pk})
    assert response.status_code == 400  # not one of the member's banks
    client.force_login(base.VeteranFactory())
    assert client.get("/entrepreneurship/loans/bank/products/").status_code == 403


def test_product_rule_errors_are_shown_not_raised(client):
    banker = base.OrgMemberFactory(org_type="bank")
    client.force_login(banker)
    data = {**PRODUCT, "bank": banker.organization.pk, "subsidy_rule": "full_capped", "subsidy_percent": ""}
    response = client.post("/entrepreneurship/loans/bank/products/new/", data)
    assert response.status_code == 400
    assert not LoanProduct.objects.exists()
