"""Factories for the entrepreneurship app's tests."""

import datetime
from decimal import Decimal

from django.utils import timezone

from entrepreneurship.models import (
    Competition,
    CompetitionEntry,
    CompetitionStage,
    Enterprise,
    IncubatorBase,
    JudgeAssignment,
    LoanProduct,
    MentorProfile,
    MentorSlot,
    RubricCriterion,
)
from portal.models import Region, Role
from portal.roles import grant_role
from tests import factories as base


def enterprise(founder=None, **kwargs) -> Enterprise:
    founder = founder or base.VeteranFactory()
    data = {"name": "老兵快修", "industry": "汽车维修", "stage": Enterprise.Stage.IDEA, "jobs_created": 3}
    data.update(kwargs)
    return Enterprise.objects.create(founder=founder, **data)


def incubator_base(total=10, operator=None, **kwargs) -> IncubatorBase:
    operator = operator or base.OrganizationFactory(org_type="incubator")
    data = {"name": "退役军人创业孵化基地", "region": Region.objects.get(code="350102"), "address": "鼓楼区1号"}
    data.update(kwargs)
    return IncubatorBase.objects.create(operator=operator, total_workstations=total, **data)


def mentor(user=None, approved=True) -> MentorProfile:
    user = user or base.UserFactory()
    grant_role(user, Role.MENTOR)
    status = MentorProfile.Status.APPROVED if approved else MentorProfile.Status.PENDING
    return MentorProfile.objects.create(user=user, display_name="李导师", expertise="财务、融资", status=status)


def slot(mentor_profile=None, hours_ahead=48, length=1) -> MentorSlot:
    mentor_profile = mentor_profile or mentor()
    start = timezone.now() + datetime.timedelta(hours=hours_ahead)
    return MentorSlot.objects.create(mentor=mentor_profile, start=start, end=start + datetime.timedelta(hours=length))


def competition(
    status=Competition.Status.OPEN, criteria=(("创新性", 40, 100), ("市场前景", 35, 100), ("团队", 25, 50))
):
    comp = Competition.objects.create(title="退役军人创业创新大赛", status=status)
    # Entries close in 10 days; each stage is scored for 10 days, the next stage's entries close after that.
    deadline = timezone.now() + datetime.timedelta(days=10)
    for step, kind in enumerate(CompetitionStage.Kind.values):
        start = deadline + datetime.timedelta(days=20 * step)
        CompetitionStage.objects.create(
            competition=comp, kind=kind, deadline=start, scoring_deadline=start + datetime.timedelta(days=10)
        )
    for order, (name, weight, max_score) in enumerate(criteria):
        RubricCriterion.objects.create(
            competition=comp, name=name, weight=Decimal(weight), max_score=max_score, order=order
        )
    return comp


def entry(comp, project=None) -> CompetitionEntry:
    project = project or enterprise()
    return CompetitionEntry.objects.create(
        competition=comp, enterprise=project, submitted_by=project.founder, pitch="项目简介", stage=comp.first_stage()
    )


def judge(comp, user=None):
    user = user or base.UserFactory()
    JudgeAssignment.objects.create(competition=comp, judge=user)
    return user


def loan_product(bank=None, **kwargs) -> LoanProduct:
    bank = bank or base.OrganizationFactory(org_type="bank")
    data = {
        "name": "尊崇贷",
        "max_amount": Decimal("300000"),
        "max_term_months": 36,
        "annual_rate": Decimal("3.450"),
        "subsidy_rule": LoanProduct.SubsidyRule.FULL_CAPPED,
        "subsidy_cap": Decimal("15000"),
    }
    data.update(kwargs)
    return LoanProduct.objects.create(bank=bank, **data)
