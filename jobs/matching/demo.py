"""Demo data of matching: this week's picks, and positions that visibly match demo-veteran (a driver in Fuzhou).

Runs after jobs' demo data. Idempotent: positions are looked up by (employer, title), picks by (week, position).
"""

import datetime

from django.utils import timezone

from jobs.matching.models import WeeklyPick, monday_of
from jobs.models import Position
from portal.models import MilitarySpecialty, OccupationCategory, Organization, Region

# title, category, region, salary, skills, specialties welcome, veteran priority
DEMO_POSITIONS = [
    ("城市配送驾驶员", "0101", "350102", (6000, 9000), ["驾驶", "物流"], ["M01"], True),
    ("冷链物流车司机", "0101", "350104", (7000, 10000), ["驾驶", "B2驾照"], ["M01", "M02"], True),
    ("车队维修技师", "0305", "350111", (6500, 9500), ["汽车维修", "故障诊断"], ["M04"], False),
    ("仓储主管", "0102", "350102", (6000, 8000), ["仓储管理", "物流"], [], True),
    ("园区安保领班", "0201", "350105", (5000, 6500), ["安保"], ["M15"], True),
]


def seed_demo(*, stdout, accounts: dict) -> None:
    employer = Organization.objects.filter(name="闽海物流集团有限公司").first()
    staff = accounts.get("demo-staff")
    if employer is None:
        return
    now = timezone.now()
    for title, category, region, salary, skills, specialties, priority in DEMO_POSITIONS:
        position, created = Position.objects.get_or_create(
            organization=employer,
            title=title,
            defaults={
                "description": f"{employer.name}招聘{title}，退役军人同等条件下优先录用，五险一金，提供食宿。",
                "category": OccupationCategory.objects.get(code=category),
                "region": Region.objects.get(code=region),
                "work_address": "福州市" + Region.objects.get(code=region).name,
                "salary_min": salary[0],
                "salary_max": salary[1],
                "headcount": 3,
                "skills": skills,
                "veteran_priority": priority,
                "status": Position.Status.PUBLISHED,
                "published_at": now,
                "deadline": timezone.localdate() + datetime.timedelta(days=60),
            },
        )
        if created:
            position.military_specialties.set(MilitarySpecialty.objects.filter(code__in=specialties))
            _index(position)
    week = monday_of(timezone.localdate())
    picks = list(
        Position.objects.published().filter(organization=employer).order_by("-veteran_priority", "id")[:3]
    ) + list(Position.objects.published().exclude(organization=employer).order_by("-salary_max", "id")[:2])
    for order, position in enumerate(picks):
        WeeklyPick.objects.get_or_create(
            week_start=week,
            position=position,
            defaults={"note": "退役军人优先，待遇优厚", "sort_order": order, "added_by": staff},
        )
    stdout.write(f"matching: {len(DEMO_POSITIONS)} matching positions, {len(picks)} weekly picks for {week:%G-W%V}")


def _index(position):
    try:
        from jobs.services.positions import position_index
    except ImportError:
        return
    position_index(position)
