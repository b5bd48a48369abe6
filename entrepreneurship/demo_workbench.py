"""Demo data for the workbench (issue 15 item 7): about 60 approved mentors across the fields, some with enough
ratings to show, all with a few free slots; pending mentor applications for the staff queue; five incubator bases
with rooms and desks, the demo residency holding its desks. Bulk inserts keep seed_demo fast; every step checks
what is already there, so a second run adds nothing."""

import datetime
import itertools

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone

from entrepreneurship.models import IncubatorBase, MentorBooking, MentorProfile, MentorSlot, Residency
from entrepreneurship.services import workstations
from portal.models import Organization, Region, Role, User

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖"
    "田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏"
)
GIVEN = ["建国", "志强", "海燕", "文华", "国栋", "晓梅", "立军", "春生", "红英", "卫东", "振华", "秀兰"]
TITLES = {
    "finance": "注册会计师",
    "legal": "执业律师",
    "marketing": "营销总监",
    "technology": "高级工程师",
    "management": "企业管理顾问",
    "agriculture": "农业技术推广研究员",
    "manufacturing": "制造业厂长",
    "services": "连锁门店运营专家",
}
POOL = 60
PENDING = 3
BASES = [
    # name, region, address, rooms (name, rows, columns)
    (
        "福州退役军人创业孵化基地",
        None,
        None,
        [("A101 开放办公区", 4, 6), ("A102 开放办公区", 3, 6), ("A201 独立办公室", 1, 4)],
    ),
    ("海峡众创空间（仓山）", None, None, [("共享办公区", 4, 5)]),
    ("晋安戎创空间", "350111", "福州市晋安区福新中路12号", [("一楼联合办公", 3, 6), ("二楼团队间", 2, 4)]),
    ("马尾军创产业园", "350105", "福州市马尾区江滨东大道100号", [("孵化一区", 3, 5), ("孵化二区", 3, 5)]),
    ("长乐退役军人创业园", "350112", "福州市长乐区吴航街道首占路8号", [("创业大厅", 4, 4)]),
]


def _pool_users(prefix: str, count: int, role: str):
    usernames = [f"{prefix}{n:02d}" for n in range(1, count + 1)]
    existing = set(User.objects.filter(username__in=usernames).values_list("username", flat=True))
    User.objects.bulk_create(
        User(username=u, email=f"{u}@example.cn", password=make_password(None)) for u in usernames if u not in existing
    )
    users = list(User.objects.filter(username__in=usernames).order_by("username"))
    group = Group.objects.get_or_create(name=role)[0]
    group.user_set.add(*users)
    return users


def mentor_pool(*, staff, veteran) -> None:
    users = _pool_users("demo-mentor-", POOL, Role.MENTOR)
    fields = itertools.cycle(MentorProfile.Field.values)
    has_profile = set(MentorProfile.objects.filter(user__in=users).values_list("user_id", flat=True))
    now = timezone.now()
    MentorProfile.objects.bulk_create(
        MentorProfile(
            user=user,
            display_name=f"{SURNAMES[n % len(SURNAMES)]}{GIVEN[n % len(GIVEN)]}",
            title=TITLES[field],
            field=field,
            expertise=f"{MentorProfile.Field(field).label}方面的创业辅导",
            bio="长期服务退役军人创业项目。",
            status=MentorProfile.Status.APPROVED,
            approved_by=staff,
            approved_at=now,
        )
        for n, (user, field) in enumerate(zip(users, fields, strict=False))
        if user.pk not in has_profile
    )
    profiles = list(MentorProfile.objects.filter(user__in=users).order_by("user__username"))
    day = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    if not MentorSlot.objects.filter(mentor__in=profiles, start__gt=now).exists():
        MentorSlot.objects.bulk_create(
            MentorSlot(mentor=p, start=start, end=start + datetime.timedelta(hours=1), location="线上视频")
            for n, p in enumerate(profiles)
            for start in (
                (day + datetime.timedelta(days=1 + n % 7)).replace(hour=9 + n % 8),
                (day + datetime.timedelta(days=8 + n % 5)).replace(hour=14),
            )
        )
    rated = profiles[::3]  # every third mentor has 3–5 past sessions with ratings, so their rating shows
    if not MentorBooking.objects.filter(slot__mentor__in=rated, rating__isnull=False).exists():
        past = [
            MentorSlot(mentor=p, start=start, end=start + datetime.timedelta(hours=1), is_booked=True)
            for n, p in enumerate(rated)
            for k in range(3 + n % 3)
            for start in [(day - datetime.timedelta(days=10 + 3 * k)).replace(hour=10)]
        ]
        MentorSlot.objects.bulk_create(past)
        MentorBooking.objects.bulk_create(
            MentorBooking(
                slot=slot, veteran=veteran, topic="management", rating=3 + (n + slot.mentor_id) % 3, rated_at=now
            )
            for n, slot in enumerate(past)
        )
    applicants = _pool_users("demo-applicant-", PENDING, Role.VETERAN)
    MentorProfile.objects.bulk_create(
        MentorProfile(user=u, display_name=f"申请人{n}", field="finance", expertise="融资路演辅导")
        for n, u in enumerate(applicants, start=1)
        if not MentorProfile.objects.filter(user=u).exists()
    )


def bases_with_desks(*, operator_user) -> None:
    operator = Organization.objects.get(name="海峡人才创业孵化基地运营有限公司")
    for name, region_code, address, rooms in BASES:
        base = IncubatorBase.objects.filter(operator=operator, name=name).first()
        if base is None:
            data = {"name": name, "region": Region.objects.get(code=region_code), "address": address}
            data["services"] = "工位租用、创业指导、政策申报"
            base = workstations.base_save(user=operator_user, data=data, operator=operator)
        if not base.room_set.exists():
            for room_name, rows, columns in rooms:
                workstations.room_save(user=operator_user, base=base, name=room_name, rows=rows, columns=columns)
    for residency in Residency.objects.active().filter(base__operator=operator):
        held = residency.desk_allocations.current().count()
        wanted = residency.workstations_allocated - held
        if wanted > 0:
            free = workstations.occupancy_desks_free(residency.base)[:wanted]
            if free:
                workstations.desks_allocate(user=operator_user, residency=residency, desks=free)
