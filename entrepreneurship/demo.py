"""Demo data for the entrepreneurship app, called by `manage.py seed_demo` after the shell. Must be idempotent.

Adds: an incubator base operator account (demo-incubator) with two bases, demo-mentor's approved profile and open
slots (demo-veteran has booked one), veteran projects, a competition in judging with three demo judges' scores and an
open one demo-veteran's project has entered, two banks' loan products (demo-bank and demo-bank2) with applications,
one of them disbursed.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from entrepreneurship import demo_workbench
from entrepreneurship.models import (
    Competition,
    CompetitionStage,
    Enterprise,
    IncubatorBase,
    LoanApplication,
    LoanProduct,
    MentorBooking,
    MentorProfile,
    MentorSlot,
    Residency,
    RubricCriterion,
)
from entrepreneurship.services import competitions, incubators, loans, mentors
from portal.demo import _account
from portal.models import Organization, Region, Role, VeteranProfile
from portal.services.organizations import membership_add
from portal.services.profiles import veteran_profile_save
from portal.synthetic import make_id_number, make_uscc

VETERANS = [
    ("demo-veteran2", "陈志强", "350104", datetime.date(1988, 6, 12), 611),
    ("demo-veteran3", "林海波", "350105", datetime.date(1992, 11, 3), 733),
]
PROJECTS = [
    # founder, name, industry, stage, uscc serial, jobs, funding, description
    ("demo-veteran", "老兵驿站物流配送", "物流", "operating", 901, 12, "300000", "同城冷链配送，优先招用退役军人。"),
    ("demo-veteran2", "戎耀无人机植保", "农业服务", "registered", 902, 6, "200000", "无人机植保与测绘服务。"),
    ("demo-veteran3", "军旅主题研学营地", "文化旅游", "idea", None, 0, "150000", "面向中小学生的国防教育研学。"),
]


def _veteran(username):
    user = _account(username, Role.VETERAN)
    _name, real_name, region_code, birth, seq = next(v for v in VETERANS if v[0] == username)
    if not VeteranProfile.objects.filter(user=user).exists():
        veteran_profile_save(
            user=user,
            id_number=make_id_number(region_code, birth, seq),
            id_number_basis="web",  # the demo person agreed at the identity step
            data={
                "real_name": real_name,
                "phone": "13800000002",
                "region": Region.objects.get(code=region_code),
                "service_branch": "army",
                "education": 3,
            },
        )
    VeteranProfile.objects.filter(user=user).update(status=VeteranProfile.Status.VERIFIED)
    return user


def _projects(accounts):
    projects = {}
    for username, name, industry, stage, serial, jobs, funding, description in PROJECTS:
        founder = accounts.get(username) or _veteran(username)
        projects[username], _created = Enterprise.objects.get_or_create(
            founder=founder,
            name=name,
            defaults={
                "industry": industry,
                "stage": stage,
                "uscc": make_uscc("350100", serial) if serial else None,
                "jobs_created": jobs,
                "funding_needs": Decimal(funding),
                "description": description,
                "region": Region.objects.get(code="350102"),
                "team_size": max(jobs // 3, 1),
            },
        )
    return projects


def _bases(projects, operator_user):
    operator = Organization.objects.get(name="海峡人才创业孵化基地运营有限公司")
    membership_add(organization=operator, user=operator_user, role="admin")
    base, _created = IncubatorBase.objects.get_or_create(
        operator=operator,
        name="福州退役军人创业孵化基地",
        defaults={
            "region": Region.objects.get(code="350102"),
            "address": "福州市鼓楼区软件大道89号",
            "rooms": 8,
            "total_workstations": 40,
            "services": "工商注册代办、财税咨询、创业培训、投融资对接",
            "veteran_priority_policy": "退役军人创业项目优先入驻，前6个月免收工位租金。",
        },
    )
    IncubatorBase.objects.get_or_create(
        operator=operator,
        name="海峡众创空间（仓山）",
        defaults={
            "region": Region.objects.get(code="350104"),
            "address": "福州市仓山区金山大道618号",
            "rooms": 3,
            "total_workstations": 20,
            "services": "共享办公、路演厅、导师坐诊",
        },
    )
    if not Residency.objects.filter(base=base).exists():
        today = timezone.localdate()
        first = incubators.residency_apply(
            user=projects["demo-veteran"].founder, base=base, enterprise=projects["demo-veteran"], workstations=6
        )
        incubators.residency_accept(
            residency=first,
            user=operator_user,
            workstations=6,
            start_date=today,
            end_date=today + datetime.timedelta(days=365),
        )
        incubators.residency_apply(
            user=projects["demo-veteran3"].founder,
            base=base,
            enterprise=projects["demo-veteran3"],
            workstations=2,
            message="希望入驻半年。",
        )


def _mentor(user, staff, projects):
    profile, _created = MentorProfile.objects.get_or_create(
        user=user,
        defaults={
            "display_name": "郑国华",
            "title": "创业导师 · 注册会计师",
            "expertise": "项目评估、财务管理、创业融资",
            "bio": "曾任企业财务总监，辅导退役军人创业项目30余个。",
        },
    )
    if not profile.is_approved():
        profile = mentors.mentor_review(profile=profile, staff_user=staff, approve=True)
    if not MentorSlot.objects.filter(mentor=profile, start__gt=timezone.now()).exists():
        day = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0)
        for offset in (1, 2, 3, 5):
            for hour in (10, 15):
                start = (day + datetime.timedelta(days=offset)).replace(hour=hour)
                mentors.slot_create(
                    mentor=profile, start=start, end=start + datetime.timedelta(hours=1), location="孵化基地三楼导师室"
                )
    if not MentorBooking.objects.filter(slot__mentor=profile).exists():
        # demo-veteran books demo-mentor's first free hour, so both have a booking page to open.
        project = projects["demo-veteran"]
        slot = MentorSlot.objects.filter(mentor=profile, start__gt=timezone.now(), is_booked=False).order_by("start")
        mentors.booking_create(
            user=project.founder,
            slot=slot.first(),
            topic=MentorBooking.Topic.FINANCING,
            question="冷链车辆扩充需要约30万元，想了解创业担保贷款和贴息怎么申请。",
            enterprise=project,
        )


def _competitions(projects, staff):
    now = timezone.now()
    judging, created = Competition.objects.get_or_create(
        title="福建省退役军人创业创新大赛（福州赛区）",
        defaults={
            "status": Competition.Status.JUDGING,
            "organizer": "福州市退役军人事务局",
            "created_by": staff,
            "description": "为退役军人创业创新提供孵化平台、场地支持以及资本、人才、技术等资源。",
        },
    )
    if created:
        for step, kind in enumerate(CompetitionStage.Kind.values):
            entries_close = now + datetime.timedelta(days=1 + 30 * step)
            CompetitionStage.objects.create(
                competition=judging,
                kind=kind,
                deadline=entries_close,
                scoring_deadline=entries_close + datetime.timedelta(days=20),
            )
        for order, (name, weight, max_score) in enumerate(
            [("创新性", 30, 100), ("市场前景", 30, 100), ("团队能力", 20, 100), ("带动就业", 20, 100)]
        ):
            RubricCriterion.objects.create(
                competition=judging, name=name, weight=weight, max_score=max_score, order=order
            )
        judges = [_account(f"demo-judge{i}", Role.MENTOR) for i in (1, 2, 3)]
        for judge in judges:
            competitions.judge_assign(competition=judging, judge=judge, user=staff)
        entries = []
        for key in ("demo-veteran2", "demo-veteran3"):
            judging.status = Competition.Status.OPEN
            entries.append(
                competitions.entry_submit(
                    user=projects[key].founder,
                    competition=judging,
                    enterprise=projects[key],
                    pitch=projects[key].description,
                )
            )
        judging.status = Competition.Status.JUDGING
        judging.save(update_fields=["status"])
        criteria = list(judging.criteria.all())
        points = [
            [(85, 80, 78, 90), (72, 70, 75, 60)],
            [(88, 84, 80, 86), (65, 78, 70, 66)],
            [(90, 79, 85, 92), (70, 74, 68, 64)],
        ]
        for judge, per_entry in zip(judges, points, strict=True):
            for entry, values in zip(entries, per_entry, strict=True):
                competitions.score_submit(
                    judge=judge, entry=entry, values={str(c.pk): v for c, v in zip(criteria, values, strict=True)}
                )
    open_one, created = Competition.objects.get_or_create(
        title="2026年南通市“戎耀江海”退役军人创业大赛",
        defaults={"status": Competition.Status.OPEN, "organizer": "南通市退役军人事务局", "created_by": staff},
    )
    if created:
        for step, kind in enumerate(CompetitionStage.Kind.values):
            entries_close = now + datetime.timedelta(days=45 + 30 * step)
            CompetitionStage.objects.create(
                competition=open_one,
                kind=kind,
                deadline=entries_close,
                scoring_deadline=entries_close + datetime.timedelta(days=20),
            )
        for order, (name, weight) in enumerate([("商业模式", 40), ("社会效益", 30), ("团队", 30)]):
            RubricCriterion.objects.create(competition=open_one, name=name, weight=weight, order=order)
    mine = projects["demo-veteran"]
    if not open_one.entry_refusal(now) and not open_one.entries.filter(enterprise=mine).exists():
        # demo-veteran's project is entered in the open competition, so the entrant has an entry page.
        competitions.entry_submit(user=mine.founder, competition=open_one, enterprise=mine, pitch=mine.description)


def _loans(projects, bank_user, bank2_user):
    bank = Organization.objects.get(name="农商银行拥军支行")
    bank2, _created = Organization.objects.get_or_create(
        name="邮储银行福州拥军服务支行",
        defaults={
            "org_type": Organization.Type.BANK,
            "uscc": make_uscc("350100", 905),
            "region": Region.objects.get(code="350100"),
            "status": Organization.Status.VERIFIED,
        },
    )
    membership_add(organization=bank2, user=bank2_user, role="admin")
    zunchong, _ = LoanProduct.objects.get_or_create(
        bank=bank,
        name="尊崇贷",
        defaults={
            "max_amount": Decimal("300000"),
            "max_term_months": 36,
            "annual_rate": Decimal("3.450"),
            "subsidy_rule": LoanProduct.SubsidyRule.FULL_CAPPED,
            "subsidy_cap": Decimal("15000"),
            "description": "退役军人创业信用贷款，免抵押，财政全额贴息（封顶1.5万元）。",
        },
    )
    LoanProduct.objects.get_or_create(
        bank=bank,
        name="创业担保贷款",
        defaults={
            "max_amount": Decimal("200000"),
            "max_term_months": 36,
            "annual_rate": Decimal("3.650"),
            "subsidy_rule": LoanProduct.SubsidyRule.PERCENT_YEARS,
            "subsidy_percent": Decimal("50"),
            "subsidy_years": 2,
            "description": "前两年财政贴息50%。",
        },
    )
    rongyao, _ = LoanProduct.objects.get_or_create(
        bank=bank2,
        name="戎耀创业贷",
        defaults={
            "max_amount": Decimal("500000"),
            "max_term_months": 60,
            "annual_rate": Decimal("3.850"),
            "subsidy_rule": LoanProduct.SubsidyRule.PERCENT_YEARS,
            "subsidy_percent": Decimal("60"),
            "subsidy_years": 3,
        },
    )
    if not LoanApplication.objects.exists():
        loans.loan_apply(
            user=projects["demo-veteran"].founder,
            product=zunchong,
            enterprise=projects["demo-veteran"],
            amount="200000",
            term_months=36,
            purpose="购置冷链配送车辆两台。",
        )
        second = loans.loan_apply(
            user=projects["demo-veteran2"].founder,
            product=rongyao,
            enterprise=projects["demo-veteran2"],
            amount="150000",
            term_months=36,
            purpose="采购植保无人机。",
        )
        # Started nine months ago, so the staff queue has ended quarters to settle.
        loans.loan_review(
            application=second,
            user=bank2_user,
            decision="approve",
            note="资料齐全。",
            start_date=timezone.localdate() - datetime.timedelta(days=270),
            method="interest_only",
        )
        loans.loan_disburse(application=second, user=bank2_user, amount="150000")


@transaction.atomic
def seed_demo(*, stdout, accounts: dict) -> None:
    staff = accounts["demo-staff"]
    for username, *_rest in VETERANS:
        accounts[username] = _veteran(username)
    accounts["demo-incubator"] = _account("demo-incubator", Role.INCUBATOR)
    accounts["demo-bank2"] = _account("demo-bank2", Role.BANK)
    projects = _projects(accounts)
    _bases(projects, accounts["demo-incubator"])
    _mentor(accounts["demo-mentor"], staff, projects)
    _competitions(projects, staff)
    _loans(projects, accounts["demo-bank"], accounts["demo-bank2"])
    demo_workbench.bases_with_desks(operator_user=accounts["demo-incubator"])
    demo_workbench.mentor_pool(staff=staff, veteran=accounts["demo-veteran"])
    stdout.write(
        "entrepreneurship: demo-incubator (base operator), demo-judge1..3 (judges), demo-bank2 (second bank), "
        "demo-veteran2/3 (veteran founders); 60 mentors demo-mentor-01..60 (no sign-in), 5 bases with desks\n"
    )
