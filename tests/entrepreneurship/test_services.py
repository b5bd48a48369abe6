"""Rules and refusals of the entrepreneurship services."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from entrepreneurship.models import (
    Competition,
    Enterprise,
    LoanApplication,
    MentorBooking,
    Residency,
    RubricCriterion,
)
from entrepreneurship.services import competitions, enterprises, incubators, loans, mentors
from portal.exceptions import AccessDenied
from portal.models import Organization
from portal.synthetic import make_uscc
from tests import factories as base
from tests.entrepreneurship import factories as f

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 3, 1)


def test_registered_company_needs_valid_uscc(veteran):
    with pytest.raises(ValidationError) as exc:
        enterprises.enterprise_save(founder=veteran, data={"name": "甲", "industry": "物流", "stage": "registered"})
    assert "uscc" in exc.value.message_dict
    with pytest.raises(ValidationError):
        enterprises.enterprise_save(
            founder=veteran, data={"name": "甲", "industry": "物流", "stage": "registered", "uscc": "91350100ABC"}
        )
    code = make_uscc("350100", 777)
    ent = enterprises.enterprise_save(
        founder=veteran, data={"name": "甲", "industry": "物流", "stage": "registered", "uscc": code.lower()}
    )
    assert ent.uscc == code


def test_idea_stage_drops_uscc_and_non_veteran_refused(veteran):
    ent = enterprises.enterprise_save(
        founder=veteran, data={"name": "乙", "industry": "餐饮", "stage": "idea", "uscc": "whatever"}
    )
    assert ent.uscc is None
    with pytest.raises(ValidationError):
        enterprises.enterprise_save(founder=base.UserFactory(), data={"name": "丙", "industry": "x", "stage": "idea"})


def test_registered_company_becomes_pending_employer_with_founder_as_admin(veteran):
    ent = f.enterprise(founder=veteran, stage=Enterprise.Stage.REGISTERED, uscc=make_uscc("350100", 778))
    org = enterprises.enterprise_become_employer(enterprise=ent, user=veteran)
    assert org.org_type == Organization.Type.EMPLOYER and org.status == Organization.Status.PENDING
    assert org.memberships.get(user=veteran).role == "admin"
    assert veteran.has_role("employer")
    with pytest.raises(ValidationError):
        enterprises.enterprise_become_employer(enterprise=ent, user=veteran)


def test_idea_cannot_become_employer_and_other_user_refused(veteran):
    ent = f.enterprise(founder=veteran)
    with pytest.raises(ValidationError):
        enterprises.enterprise_become_employer(enterprise=ent, user=veteran)
    with pytest.raises(AccessDenied):
        enterprises.enterprise_become_employer(enterprise=ent, user=base.VeteranFactory())


# Residency


def test_residency_accept_allocates_within_capacity_and_exit_frees():
    base_ = f.incubator_base(total=5)
    operator = base.OrgMemberFactory(organization=base_.operator)
    a = incubators.residency_apply(user=(e1 := f.enterprise()).founder, base=base_, enterprise=e1, workstations=3)
    b = incubators.residency_apply(user=(e2 := f.enterprise()).founder, base=base_, enterprise=e2, workstations=3)
    incubators.residency_accept(
        residency=a, user=operator, workstations=3, start_date=TODAY, end_date=TODAY + datetime.timedelta(days=365)
    )
    with pytest.raises(ValidationError) as exc:
        incubators.residency_accept(
            residency=b, user=operator, workstations=3, start_date=TODAY, end_date=TODAY + datetime.timedelta(days=365)
        )
    assert "workstations" in exc.value.message_dict
    assert base_.occupied_workstations() == 3
    incubators.residency_renew(residency=a, user=operator, end_date=TODAY + datetime.timedelta(days=730))
    incubators.residency_exit(residency=a, user=operator)
    assert base_.occupied_workstations() == 0
    incubators.residency_accept(
        residency=b, user=operator, workstations=2, start_date=TODAY, end_date=TODAY + datetime.timedelta(days=30)
    )
    assert base_.occupied_workstations() == 2


def test_residency_review_refusals():
    base_ = f.incubator_base(total=5)
    ent = f.enterprise()
    res = incubators.residency_apply(user=ent.founder, base=base_, enterprise=ent, workstations=1)
    with pytest.raises(ValidationError):  # a second open application at the same base
        incubators.residency_apply(user=ent.founder, base=base_, enterprise=ent, workstations=1)
    other_operator = base.OrgMemberFactory(org_type="incubator")
    with pytest.raises(AccessDenied):
        incubators.residency_accept(
            residency=res,
            user=other_operator,
            workstations=1,
            start_date=TODAY,
            end_date=TODAY + datetime.timedelta(days=1),
        )
    staff = base.StaffFactory()
    with pytest.raises(ValidationError):
        incubators.residency_reject(residency=res, user=staff, reason=" ")
    incubators.residency_reject(residency=res, user=staff, reason="工位已满")
    assert Residency.objects.get(pk=res.pk).status == Residency.Status.REJECTED
    with pytest.raises(AccessDenied):
        incubators.residency_apply(user=base.VeteranFactory(), base=base_, enterprise=ent, workstations=1)


# Mentors


def test_booking_takes_slot_once_and_cancel_frees_it(veteran):
    s = f.slot()
    booking = mentors.booking_create(user=veteran, slot=s, topic="financing")
    with pytest.raises(ValidationError):
        mentors.booking_create(user=base.VeteranFactory(), slot=s, topic="legal")
    mentors.booking_cancel(booking=booking, user=s.mentor.user, reason="临时出差")
    s.refresh_from_db()
    assert not s.is_booked
    again = mentors.booking_create(user=base.VeteranFactory(), slot=s, topic="legal")
    assert again.status == MentorBooking.Status.BOOKED


def test_cannot_cancel_within_two_hours_either_side(veteran):
    s = f.slot(hours_ahead=1)
    booking = mentors.booking_create(user=veteran, slot=s, topic="evaluation")
    for user in (veteran, s.mentor.user):
        with pytest.raises(ValidationError) as exc:
            mentors.booking_cancel(booking=booking, user=user)
        assert "2" in exc.value.messages[0]
    with pytest.raises(AccessDenied):
        mentors.booking_cancel(booking=booking, user=base.VeteranFactory())


def test_unapproved_mentor_and_past_slots_are_not_bookable(veteran):
    pending = f.slot(mentor_profile=f.mentor(approved=False))
    with pytest.raises(ValidationError):
        mentors.booking_create(user=veteran, slot=pending, topic="legal")
    with pytest.raises(ValidationError):
        mentors.slot_create(
            mentor=pending.mentor,
            start=timezone.now() + datetime.timedelta(days=1),
            end=timezone.now() + datetime.timedelta(days=1, hours=1),
        )


def test_rating_once_after_the_session_and_notes_by_mentor_only(veteran):
    s = f.slot(hours_ahead=3)
    booking = mentors.booking_create(user=veteran, slot=s, topic="management")
    with pytest.raises(ValidationError):
        mentors.booking_rate(booking=booking, user=veteran, rating=5)  # not yet happened
    type(s).objects.filter(pk=s.pk).update(
        start=timezone.now() - datetime.timedelta(hours=2), end=timezone.now() - datetime.timedelta(hours=1)
    )
    with pytest.raises(AccessDenied):
        mentors.booking_record_notes(booking=booking, user=veteran, notes="x")
    mentors.booking_record_notes(booking=booking, user=s.mentor.user, notes="商业计划书需细化", follow_up="两周后复盘")
    with pytest.raises(ValidationError):
        mentors.booking_rate(booking=booking, user=veteran, rating=6)
    mentors.booking_rate(booking=booking, user=veteran, rating=5, comment="很有帮助")
    with pytest.raises(ValidationError):
        mentors.booking_rate(booking=booking, user=veteran, rating=4)
    with pytest.raises(AccessDenied):
        mentors.booking_rate(booking=booking, user=s.mentor.user, rating=1)


# Competitions


def _judging_competition():
    comp = f.competition(status=Competition.Status.JUDGING)
    return comp, list(comp.criteria.all())


def test_weighted_total_and_ranking_match_hand_computation():
    comp, (c1, c2, c3) = _judging_competition()  # weights 40/35/25, max 100/100/50
    e1, e2 = f.entry(comp), f.entry(comp)
    judges = [f.judge(comp) for _ in range(4)]
    # e1 per judge: weighted totals = (p1*40 + p2*35 + p3/50*100*25) / 100
    e1_points = [(90, 80, 40), (70, 60, 30), (100, 100, 50), (50, 40, 20)]
    # totals: 84.00, 64.00, 100.00, 44.00 → drop 100 and 44 → (84 + 64)/2 = 74.00
    e2_points = [(80, 80, 40), (80, 80, 40), (60, 60, 30)]
    # totals: 80.00, 80.00, 60.00 → drop 80 and 60 → 80.00
    for judge, p in zip(judges, e1_points, strict=False):
        s = competitions.score_submit(
            judge=judge, entry=e1, values={str(c1.pk): p[0], str(c2.pk): p[1], str(c3.pk): p[2]}
        )
    assert s.weighted_total == Decimal("44.00")  # (50×40 + 40×35 + 20/50×100×25) / 100
    for judge, p in zip(judges, e2_points, strict=False):
        competitions.score_submit(judge=judge, entry=e2, values={str(c1.pk): p[0], str(c2.pk): p[1], str(c3.pk): p[2]})
    ranking = competitions.stage_ranking(comp.first_stage())
    assert [(r.entry.pk, r.mean, r.judges) for r in ranking] == [
        (e2.pk, Decimal("80.00"), 3),
        (e1.pk, Decimal("74.00"), 4),
    ]
    staff = base.StaffFactory()
    advanced = competitions.competition_advance(stage=comp.first_stage(), top_n=1, user=staff)
    assert advanced == [e2]
    e2.refresh_from_db()
    e1.refresh_from_db()
    assert e2.stage.kind == "semifinal" and e1.stage.kind == "preliminary"
    with pytest.raises(ValidationError):
        competitions.competition_advance(stage=comp.first_stage(), top_n=1, user=staff)


def test_judge_cannot_score_own_or_conflicted_entry_or_unassigned():
    comp, criteria = _judging_competition()
    values = {str(c.pk): 10 for c in criteria}
    judge = f.judge(comp, user=base.VeteranFactory())
    own = f.entry(comp, project=f.enterprise(founder=judge))
    with pytest.raises(AccessDenied):
        competitions.score_submit(judge=judge, entry=own, values=values)
    other = f.entry(comp)
    competitions.conflict_declare(entry=other, judge=judge, user=base.StaffFactory(), reason="亲属")
    with pytest.raises(AccessDenied):
        competitions.score_submit(judge=judge, entry=other, values=values)
    with pytest.raises(AccessDenied):
        competitions.score_submit(judge=base.UserFactory(), entry=other, values=values)


def test_points_out_of_range_refused():
    comp, criteria = _judging_competition()
    judge, e = f.judge(comp), f.entry(comp)
    with pytest.raises(ValidationError) as exc:
        competitions.score_submit(judge=judge, entry=e, values={str(c.pk): 60 for c in criteria})  # team max 50
    assert "values" in exc.value.message_dict


def test_rubric_locked_once_any_score_exists():
    comp, _criteria = _judging_competition()
    staff = base.StaffFactory()
    competitions.criterion_save(competition=comp, user=staff, name="社会效益", weight=10)
    judge, e = f.judge(comp), f.entry(comp)
    competitions.score_submit(judge=judge, entry=e, values={str(c.pk): 10 for c in comp.criteria.all()})
    assert comp.rubric_locked()
    with pytest.raises(ValidationError) as exc:
        competitions.criterion_save(competition=comp, user=staff, name="新标准", weight=5)
    assert exc.value.error_dict["__all__"][0].code == "rubric_locked"
    c = RubricCriterion.objects.filter(competition=comp).first()
    c.weight = Decimal(99)
    with pytest.raises(ValidationError):
        c.save()
    with pytest.raises(ValidationError):
        c.delete()


def test_entry_refusals():
    comp = f.competition(status=Competition.Status.DRAFT)
    ent = f.enterprise()
    with pytest.raises(ValidationError):
        competitions.entry_submit(user=ent.founder, competition=comp, enterprise=ent, pitch="x")
    comp.status = Competition.Status.OPEN
    comp.save()
    with pytest.raises(AccessDenied):
        competitions.entry_submit(user=base.VeteranFactory(), competition=comp, enterprise=ent, pitch="x")
    competitions.entry_submit(user=ent.founder, competition=comp, enterprise=ent, pitch="x")
    with pytest.raises(ValidationError):
        competitions.entry_submit(user=ent.founder, competition=comp, enterprise=ent, pitch="x")


# Loans


def test_loan_flow_and_subsidy_on_disbursement(veteran):
    product = f.loan_product()
    banker = base.OrgMemberFactory(organization=product.bank)
    ent = f.enterprise(founder=veteran)
    with pytest.raises(ValidationError) as exc:
        loans.loan_apply(user=veteran, product=product, enterprise=ent, amount="400000", term_months=48, purpose="")
    assert set(exc.value.message_dict) == {"amount", "term_months", "purpose"}
    app = loans.loan_apply(
        user=veteran, product=product, enterprise=ent, amount="200000", term_months=36, purpose="购置设备"
    )
    other_banker = base.OrgMemberFactory(org_type="bank")
    with pytest.raises(AccessDenied):
        loans.loan_review(application=app, user=other_banker, decision="approve")
    with pytest.raises(ValidationError):
        loans.loan_review(application=app, user=banker, decision="documents")  # needs a note
    loans.loan_review(application=app, user=banker, decision="documents", note="请补充营业执照")
    with pytest.raises(ValidationError):
        loans.loan_disburse(application=app, user=banker)
    loans.loan_supply_documents(application=app, user=veteran, note="已上传营业执照")
    loans.loan_review(application=app, user=banker, decision="approve")
    app = loans.loan_disburse(application=app, user=banker, amount="200000")
    assert app.status == LoanApplication.Status.DISBURSED
    assert app.subsidy_due == Decimal("15000.00")  # 20700 of interest, capped
    with pytest.raises(ValidationError):
        loans.loan_review(application=app, user=banker, decision="reject", note="x")
