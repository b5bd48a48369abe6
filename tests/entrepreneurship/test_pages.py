"""Pages: each role sees only its own objects (404 otherwise); forms show refusals as errors, never a 500."""

import datetime

import pytest
from django.urls import reverse

from entrepreneurship.models import Competition, LoanApplication, Residency
from entrepreneurship.services import competitions, loans, mentors
from tests import factories as base
from tests.entrepreneurship import factories as f

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"entrepreneurship:{name}", args=args)


def test_index_and_public_lists_render_in_chinese(client):
    f.incubator_base()
    f.slot()
    f.competition()
    f.loan_product()
    response = client.get(url("index"))
    assert response.status_code == 200
    assert "创业" in response.content.decode()
    for name in ("base_list", "mentor_list", "competition_list", "product_list"):
        assert client.get(url(name)).status_code == 200


def test_veteran_registers_project_with_form_errors_then_success(client, veteran):
    client.force_login(veteran)
    response = client.post(
        url("enterprise_create"),
        {
            "name": "甲",
            "industry": "物流",
            "stage": "registered",
            "team_size": 1,
            "jobs_created": 0,
            "funding_needs": 0,
        },
    )
    assert response.status_code == 400
    assert "统一社会信用代码" in response.content.decode() or "unified social credit" in response.content.decode()
    response = client.post(
        url("enterprise_create"),
        {"name": "甲", "industry": "物流", "stage": "idea", "team_size": 1, "jobs_created": 0, "funding_needs": 0},
    )
    assert response.status_code == 302


def test_other_veterans_project_is_404(client, veteran):
    ent = f.enterprise()
    client.force_login(veteran)
    assert client.get(url("enterprise_detail", ent.pk)).status_code == 404
    assert client.get(url("enterprise_edit", ent.pk)).status_code == 404
    assert client.post(url("enterprise_become_employer", ent.pk)).status_code == 404


def test_operator_sees_only_own_bases_applications_and_capacity_error_is_a_message(client):
    base_ = f.incubator_base(total=2)
    operator = base.OrgMemberFactory(organization=base_.operator)
    other_operator = base.OrgMemberFactory(org_type="incubator")
    ent = f.enterprise()
    res = Residency.objects.create(base=base_, enterprise=ent, workstations_requested=3)
    client.force_login(other_operator)
    assert ent.name not in client.get(url("operator_residencies")).content.decode()
    assert client.post(url("operator_residency_action", res.pk, "reject"), {"reason": "x"}).status_code == 404
    client.force_login(operator)
    response = client.post(
        url("operator_residency_action", res.pk, "accept"),
        {"workstations": 3, "start_date": "2026-03-01", "end_date": "2027-03-01"},
        follow=True,
    )
    assert response.status_code == 200
    assert Residency.objects.get(pk=res.pk).status == Residency.Status.PENDING
    assert "2" in str(next(iter(response.context["messages"])))


def test_booking_page_refusal_for_taken_slot_and_other_users_booking_404(client, veteran):
    s = f.slot()
    mentors.booking_create(user=base.VeteranFactory(), slot=s, topic="legal")
    client.force_login(veteran)
    response = client.post(url("slot_book", s.pk), {"topic": "financing"})
    assert response.status_code == 400
    booking = s.bookings.get()
    assert client.post(url("booking_action", booking.pk, "cancel"), {"reason": "x"}).status_code == 404


def test_judging_pages_hide_other_judges_scores_and_conflicted_entries(client):
    comp = f.competition(status=Competition.Status.JUDGING)
    criteria = list(comp.criteria.all())
    judge_a, judge_b = f.judge(comp), f.judge(comp)
    e1, e2 = f.entry(comp), f.entry(comp)
    competitions.conflict_declare(entry=e2, judge=judge_a, user=judge_a, reason="同事")
    competitions.score_submit(judge=judge_b, entry=e1, values={str(c.pk): 33 for c in criteria}, comment="B的评语")
    client.force_login(judge_a)
    page = client.get(url("judging", comp.pk)).content.decode()
    assert e1.enterprise.name in page and "B的评语" not in page
    assert client.get(url("score_entry", comp.pk, e2.pk)).status_code == 404
    form = client.get(url("score_entry", comp.pk, e1.pk)).content.decode()
    assert "B的评语" not in form and 'value="33"' not in form
    outsider = base.UserFactory()
    client.force_login(outsider)
    assert client.get(url("judging", comp.pk)).status_code == 404


def test_staff_only_competition_management_and_unpublished_results(client, staff_user):
    comp = f.competition()
    client.force_login(base.VeteranFactory())
    assert client.get(url("competition_manage", comp.pk)).status_code == 403
    assert client.get(url("competition_results", comp.pk)).status_code == 404
    client.force_login(staff_user)
    assert client.get(url("competition_manage", comp.pk)).status_code == 200
    client.post(url("competition_action", comp.pk, "publish"))
    client.logout()
    assert client.get(url("competition_results", comp.pk)).status_code == 200


def test_loans_are_visible_only_to_applicant_and_the_products_bank(client, veteran):
    product = f.loan_product()
    banker = base.OrgMemberFactory(organization=product.bank)
    other_bank = base.OrgMemberFactory(org_type="bank")
    app = loans.loan_apply(
        user=veteran,
        product=product,
        enterprise=f.enterprise(founder=veteran),
        amount="100000",
        term_months=24,
        purpose="设备",
    )
    client.force_login(base.VeteranFactory())
    assert client.get(url("my_loan_detail", app.pk)).status_code == 404
    client.force_login(other_bank)
    assert client.get(url("bank_loan_detail", app.pk)).status_code == 404
    assert "设备" not in client.get(url("bank_loans")).content.decode()
    client.force_login(banker)
    response = client.post(url("bank_loan_detail", app.pk), {"form": "review", "decision": "reject", "note": ""})
    assert response.status_code == 400  # a reason is required, shown on the form
    client.post(url("bank_loan_detail", app.pk), {"form": "review", "decision": "approve", "note": ""})
    client.post(
        url("bank_loan_detail", app.pk),
        {"form": "disburse", "amount": "100000", "disbursed_on": str(datetime.date(2026, 3, 2))},
    )
    app.refresh_from_db()
    assert app.status == LoanApplication.Status.DISBURSED
    assert str(app.subsidy_due) == "6900.00"


def test_subsidy_report_is_staff_only_with_totals(client, staff_user, veteran):
    client.force_login(veteran)
    assert client.get(url("subsidy_report")).status_code == 403
    client.force_login(staff_user)
    assert client.get(url("subsidy_report")).status_code == 200


def test_admin_refuses_to_change_a_locked_rubric_with_a_clear_error(client):
    comp = f.competition(status=Competition.Status.JUDGING)
    criteria = list(comp.criteria.all())
    competitions.score_submit(judge=f.judge(comp), entry=f.entry(comp), values={str(c.pk): 10 for c in criteria})
    admin_user = base.UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    criterion = criteria[0]
    response = client.post(
        f"/admin/entrepreneurship/rubriccriterion/{criterion.pk}/change/",
        {"competition": comp.pk, "name": criterion.name, "weight": "99", "max_score": 100, "order": 0},
    )
    assert response.status_code == 200  # the form again, with the error; nothing saved
    assert "评分标准已锁定" in response.content.decode()
    criterion.refresh_from_db()
    assert criterion.weight != 99
    assert client.get(f"/admin/entrepreneurship/rubriccriterion/{criterion.pk}/delete/").status_code == 403
