"""Demo data for the jobs app, called by `manage.py seed_demo` after the shell's data. Idempotent: every row is
found by a natural key before it is created, so a second run changes nothing."""

import datetime

from django.db import transaction
from django.utils import timezone

from jobs.models import Application, Booth, FairRegistration, IntentRecord, JobFair, Position
from jobs.services.applications import application_submit, application_transition
from jobs.services.booths import booth_approve
from jobs.services.fair_registrations import fair_check_in
from jobs.services.intents import intent_record
from jobs.services.positions import position_index
from jobs.services.scan_links import booth_scan_token
from jobs.services.tickets import check_in_token
from portal.models import Consent, MilitarySpecialty, OccupationCategory, Organization, Region, VeteranProfile
from portal.services.profiles import veteran_profile_save
from portal.synthetic import make_id_number, make_uscc

# (name, city code, industry) — extra verified employers beside demo-employer and demo-employer2.
EMPLOYERS = [
    ("福州地铁运营有限公司", "350100", "轨道交通"),
    ("厦门港务物流有限公司", "350200", "港口物流"),
    ("泉州顺安电力工程有限公司", "350500", "电力工程"),
    ("南通中远重工有限公司", "320600", "装备制造"),
    ("杭州云栖数字科技有限公司", "330100", "信息技术"),
    ("曲靖乡村振兴农业发展有限公司", "530300", "现代农业"),
    ("江苏拥军优选电子商务有限公司", "320600", "电子商务"),
    ("福建康养健康产业集团", "350100", "医疗养老"),
    ("云南滇中安保押运有限公司", "530100", "安保押运"),
    ("宁波城投建设集团有限公司", "330200", "建筑工程"),
]
CITIES = ["350100", "350200", "350500", "320600", "330100", "530300", "530100", "330200"]
SUFFIXES = ["", "（退役军人专岗）", "主管", "储备干部", "（定向招录）"]
# Title stems per occupation code; the Chinese search words the demo shows off are among them.
TITLES = {
    "0101": ["大客车驾驶员", "货车驾驶员", "公务车驾驶员"],
    "0102": ["物流仓储专员", "冷链仓库管理员"],
    "0105": ["机场地勤保障员"],
    "0201": ["园区保安员", "安保队长"],
    "0202": ["专职消防员", "应急救援队员"],
    "0204": ["武装押运员"],
    "0302": ["高压电工", "设备电工"],
    "0304": ["工业机器人运维工程师"],
    "0305": ["汽车维修技师"],
    "0401": ["网络运维工程师"],
    "0404": ["信息安全工程师"],
    "0405": ["无人机飞手", "植保无人机操控员", "无人机巡检员"],
    "0501": ["电商直播运营", "直播带货主播"],
    "0502": ["短视频运营"],
    "0601": ["食堂厨师"],
    "0603": ["物业管理员"],
    "0703": ["养老护理员"],
    "0802": ["工程测量员"],
    "0803": ["挖掘机操作员"],
    "0904": ["仓库管理员"],
    "1001": ["销售代表"],
    "1101": ["军训教官", "国防教育讲师"],
    "1201": ["社区网格员", "退役军人服务站专干"],
    "1302": ["农机操作手"],
    "1303": ["乡村电商直播专员"],
}
# What each occupation asks for and which military specialties it welcomes, so that matching on the demo data
# reads as a bureau would expect (a 物业管理员 is not tagged 烹饪, a 消防员 welcomes 消防 and 搜救, not 炊事).
OCCUPATION_FIT = {
    "0101": (["驾驶", "A1驾照", "安全行车"], ["M01", "M02"]),
    "0102": (["仓储", "叉车", "物流调度"], ["M33", "M34"]),
    "0105": (["机务保障", "安全检查"], ["M30", "M31"]),
    "0201": (["安保", "巡逻", "应急处置"], ["M15", "M16"]),
    "0202": (["消防", "应急救援", "体能训练"], ["M26", "M48"]),
    "0204": (["押运", "安保", "驾驶"], ["M15", "M01"]),
    "0302": (["电工证", "高压电工", "设备维护"], ["M22", "M23"]),
    "0304": (["设备维护", "PLC编程"], ["M21", "M22"]),
    "0305": (["汽车维修", "故障诊断"], ["M04", "M03"]),
    "0401": (["网络", "Linux", "设备维护"], ["M19", "M21"]),
    "0404": (["网络安全", "Linux"], ["M20", "M45"]),
    "0405": (["无人机", "航拍", "植保"], ["M14", "M40"]),
    "0501": (["电商直播", "短视频", "运营"], ["M37"]),
    "0502": (["短视频", "剪辑", "运营"], ["M37"]),
    "0601": (["烹饪", "食品安全"], ["M10", "M34"]),
    "0603": (["物业", "设备维护", "沟通"], ["M35", "M22"]),
    "0703": (["护理", "养老", "急救"], ["M11", "M12"]),
    "0802": (["测量", "测绘", "CAD"], ["M40", "M25"]),
    "0803": (["工程机械", "挖掘机"], ["M24", "M25"]),
    "0904": (["仓储", "办公软件"], ["M33", "M32"]),
    "1001": (["销售", "沟通"], ["M36"]),
    "1101": (["队列训练", "体能训练"], ["M39", "M38"]),
    "1201": (["群众工作", "公文写作"], ["M36", "M35"]),
    "1302": (["农机", "驾驶"], ["M24", "M01"]),
    "1303": (["电商直播", "农产品"], ["M37"]),
}
DESCRIPTION = (
    "{title}，工作地点{city}。岗位职责：按照公司制度完成{category}相关工作，服从安排，注重安全与纪律。"
    "任职要求：身体健康，吃苦耐劳，有团队精神；退役军人同等条件下优先录用，部队相关经历可折算工作年限。"
    "待遇：五险一金、带薪年休假、节日福利，提供食宿或住房补贴。"
)
# username, name, district, the occupation their service prepared them for (skills and specialties follow from it)
EXTRA_VETERANS = [
    ("demo-vet01", "陈建国", "350102", "0202"),
    ("demo-vet02", "林志强", "350203", "0101"),
    ("demo-vet03", "王海军", "530302", "0405"),
    ("demo-vet04", "赵卫东", "350203", "0201"),
    ("demo-vet05", "周晓峰", "350102", "0302"),
    ("demo-vet06", "黄立新", "530302", "0601"),
]


ONSITE_FAIR_TITLE = "2026年福州市退役军人专场招聘会"


@transaction.atomic
def seed_demo(*, stdout, accounts: dict) -> None:
    """`accounts` maps demo usernames (demo-veteran, demo-employer …) to User objects."""
    employers = _employers(accounts)
    positions = _positions(employers)
    veterans = [accounts["demo-veteran"], *_extra_veterans(accounts)]
    _applications(accounts, employers, veterans)
    _fairs(accounts, employers, positions, veterans)
    _family(accounts, employers)
    _saved_searches(accounts["demo-veteran"])
    stdout.write(f"jobs: {Position.objects.published().count()} published positions, {JobFair.objects.count()} fairs")


def _saved_searches(veteran) -> None:
    """demo-veteran keeps two searches: truck driving jobs in Fuzhou (instant alerts) and security work (weekly)."""
    from jobs.models import SavedSearch
    from jobs.services.saved_searches import saved_search_create
    from portal.models import Region

    if SavedSearch.objects.filter(user=veteran).exists():
        return
    fuzhou = Region.objects.get(code="350100")
    saved_search_create(user=veteran, filters={"q": "货车司机", "region": fuzhou}, frequency="instant")
    saved_search_create(user=veteran, filters={"q": "保安"}, frequency="weekly")


def _employers(accounts) -> list[Organization]:
    main = [m.organization for m in accounts["demo-employer"].memberships.select_related("organization")][:1]
    second = [m.organization for m in accounts["demo-employer2"].memberships.select_related("organization")][:1]
    result = main + second
    for i, (name, city, industry) in enumerate(EMPLOYERS):
        org, _created = Organization.objects.get_or_create(
            name=name,
            defaults={
                "org_type": Organization.Type.EMPLOYER,
                "uscc": make_uscc(city, 300 + i),
                "region": Region.objects.get(code=city),
                "status": Organization.Status.VERIFIED,
                "industry": industry,
                "contact_name": "人事部",
                "description": f"{name}是拥军优属合作用人单位，长期招聘退役军人。（演示数据）",
                "auto_publish": i % 3 == 0,
            },
        )
        result.append(org)
    # The first demo employer is trusted to publish without review.
    Organization.objects.filter(pk=result[0].pk).update(auto_publish=True)
    return result


def _positions(employers) -> list[Position]:
    leaves = {c.code: c for c in OccupationCategory.objects.filter(parent__isnull=False)}
    cities = {r.code: r for r in Region.objects.filter(code__in=CITIES)}
    specialties = {s.code: s for s in MilitarySpecialty.objects.all()}
    stems = [(code, title) for code, titles in TITLES.items() for title in titles]
    now = timezone.now()
    created = []
    for i in range(200):
        code, stem = stems[i % len(stems)]
        org = employers[i % len(employers)]
        city = org.region if i % 2 == 0 and org.region else cities[CITIES[i % len(CITIES)]]
        title = stem + SUFFIXES[(i // len(stems)) % len(SUFFIXES)]
        address = f"{city.name}高新区拥军路{i + 1}号"
        base = 3500 + (i * 137) % 6000
        position, was_created = Position.objects.get_or_create(
            organization=org,
            title=title,
            work_address=address,
            defaults={
                "description": DESCRIPTION.format(title=stem, city=city.name, category=leaves[code].name),
                "category": leaves[code],
                "region": city,
                "salary_min": base,
                "salary_max": base + 1500 + (i * 53) % 3000,
                "headcount": 1 + i % 8,
                "education": i % 4,
                "experience_years": i % 3,
                "skills": OCCUPATION_FIT[code][0],
                "veteran_priority": i % 3 != 2,
                "targeted": "定向" in title,
                "welcomes_family": i % 5 != 4,
                "deadline": timezone.localdate() + datetime.timedelta(days=20 + i % 60),
                "status": Position.Status.PUBLISHED if i % 25 else Position.Status.PENDING,
                "published_at": now - datetime.timedelta(hours=i * 3) if i % 25 else None,
            },
        )
        if was_created:
            position.military_specialties.set([specialties[c] for c in OCCUPATION_FIT[code][1]])
            position_index(position)
        created.append(position)
    return created


def _extra_veterans(accounts) -> list:
    from portal.demo import _account

    users = []
    specialties = {s.code: s for s in MilitarySpecialty.objects.all()}
    for n, (username, name, district, occupation) in enumerate(EXTRA_VETERANS):
        skills, specialty_codes = OCCUPATION_FIT[occupation]
        user = _account(username, "veteran")
        accounts[username] = user
        if not VeteranProfile.objects.filter(user=user).exists():
            veteran_profile_save(
                user=user,
                id_number=make_id_number("350102", datetime.date(1990 + n, 3 + n, 10 + n), 500 + n, True),
                id_number_basis="web",  # the demo person agreed at the identity step
                data={
                    "real_name": name,
                    "phone": f"1390000{1000 + n}",
                    "region": Region.objects.get(code=district),
                    "service_branch": "army",
                    "education": 2 + n % 2,
                    "skills": skills,
                    "military_specialties": [specialties[c] for c in specialty_codes],
                    "desired_categories": list(OccupationCategory.objects.filter(code=occupation)),
                    "employment_status": "seeking",
                },
            )
        VeteranProfile.objects.filter(user=user).update(status=VeteranProfile.Status.VERIFIED)
        users.append(user)
    return users


def _apply(veteran, position, *, moves=(), actor=None, **kwargs):
    application = Application.objects.filter(position=position, veteran=veteran).first()
    if application is not None:
        return application
    if not position.is_open():
        return None
    application = application_submit(
        position=position,
        veteran=veteran,
        share_consent=True,
        channel=Consent.Channel.WEB,
        note="您好，我是退役军人，希望应聘该岗位。",
        **kwargs,
    )
    for status in moves:
        application = application_transition(application=application, actor=actor, to_status=status)
    return application


def _applications(accounts, employers, veterans) -> None:
    S = Application.Status
    for org, username in ((employers[0], "demo-employer"), (employers[1], "demo-employer2")):
        actor = accounts[username]
        positions = list(Position.objects.published().filter(organization=org).order_by("id")[:4])
        plans = [(S.VIEWED,), (S.VIEWED, S.INTERVIEW), (S.VIEWED, S.INTERVIEW, S.INTENT), ()]
        for n, veteran in enumerate(veterans[:5]):
            position = positions[n % len(positions)]
            _apply(veteran, position, moves=plans[n % len(plans)], actor=actor)
        hired = _apply(veterans[5], positions[0], moves=(S.INTERVIEW, S.HIRED), actor=actor)
        assert hired is not None


def _family(accounts, employers) -> None:
    """demo-family (a verified 随军家属 of demo-veteran) applied to one position and registered for the on-site fair."""
    family = accounts["demo-family"]
    if not Application.objects.filter(veteran=family).exists():
        position = (
            Position.objects.published()
            .filter(organization=employers[0], welcomes_family=True)
            .exclude(applications__veteran=family)
            .order_by("id")
            .first()
        )
        if position is not None and position.is_open():
            application_submit(
                position=position,
                veteran=family,
                share_consent=True,
                channel=Consent.Channel.WEB,
                note="您好，我是随军家属，希望应聘该岗位。",
            )
    fair = JobFair.objects.filter(title=ONSITE_FAIR_TITLE).first()
    if fair is not None and not FairRegistration.objects.filter(fair=fair, user=family).exists():
        from jobs.services.fair_registrations import fair_register

        if fair.registration_open():
            fair_register(fair=fair, user=family)


def _fairs(accounts, employers, positions, veterans) -> None:
    staff = accounts["demo-staff"]
    now = timezone.now()
    onsite, _c = JobFair.objects.get_or_create(
        title=ONSITE_FAIR_TITLE,
        defaults={
            "kind": JobFair.Kind.ONSITE,
            "organizer": "福州市退役军人事务局",
            "description": "“春风送岗”退役军人专场招聘会，设就业创业政策咨询台，现场可达成求职意向。",
            "region": Region.objects.get(code="350100"),
            "venue": "福州海峡人才市场一楼大厅",
            "starts_at": now.replace(minute=0, second=0, microsecond=0) - datetime.timedelta(hours=1),
            "ends_at": now.replace(minute=0, second=0, microsecond=0) + datetime.timedelta(days=1),
            "registration_opens_at": now - datetime.timedelta(days=7),
            "registration_closes_at": now + datetime.timedelta(hours=20),
            "capacity": 300,
            "booth_count": 40,
            "created_by": staff,
        },
    )
    live, _c = JobFair.objects.get_or_create(
        title="曲靖市“直播带岗”退役军人线上招聘会",
        defaults={
            "kind": JobFair.Kind.LIVESTREAM,
            "organizer": "曲靖市退役军人事务局",
            "description": "主播走进企业直播带岗，边看边投，一键投递。",
            "region": Region.objects.get(code="530300"),
            "stream_url": "https://live.example.cn/qujing-veterans",
            "starts_at": now + datetime.timedelta(days=3),
            "ends_at": now + datetime.timedelta(days=3, hours=3),
            "registration_opens_at": now - datetime.timedelta(days=1),
            "registration_closes_at": now + datetime.timedelta(days=3, hours=2),
            "capacity": 2000,
            "booth_count": 20,
            "created_by": staff,
        },
    )
    for fair, orgs in ((onsite, employers[:8]), (live, [employers[1], *employers[6:12]])):
        for org in orgs:
            booth, created = Booth.objects.get_or_create(fair=fair, organization=org)
            if created:
                booth.positions.set(
                    [p for p in positions if p.organization_id == org.pk and p.status == "published"][:4]
                )
                booth_approve(booth=booth, staff=staff)
        for veteran in veterans:
            if not FairRegistration.objects.filter(fair=fair, user=veteran).exists():
                from jobs.services.fair_registrations import fair_register

                fair_register(fair=fair, user=veteran)
    _live_schedule(live, staff)
    # Two veterans checked in at the on-site fair; one intent reached at the first booth.
    booth = Booth.objects.filter(fair=onsite, organization=employers[0]).first()
    for veteran in veterans[:2]:
        registration = FairRegistration.objects.get(fair=onsite, user=veteran)
        if not registration.checked_in_at and onsite.is_live():  # a re-run after the fair checks nobody in
            fair_check_in(fair=onsite, token=check_in_token(registration), actor=staff)
    registration = FairRegistration.objects.get(fair=onsite, user=veterans[1])
    fair_position = booth.positions.exclude(applications__veteran=veterans[1]).first()
    if (
        fair_position
        and registration.checked_in_at
        and not IntentRecord.objects.filter(registration=registration).exists()
    ):
        intent_record(
            booth=booth,
            registration=registration,
            position=fair_position,
            actor=accounts["demo-employer"],
            share_consent=True,  # the veteran agreed at the booth
        )
    # One veteran applied by scanning the first booth's QR code (its signed link).
    scanner = veterans[2]
    if not Application.objects.filter(veteran=scanner, source=Application.Source.SCAN).exists():
        scanned = booth.positions.exclude(applications__veteran=scanner).first()
        if scanned is not None:
            _apply(scanner, scanned, fair=onsite, scan_link=booth_scan_token(booth))


def _live_schedule(fair, staff) -> None:
    """The live-stream fair's presentation schedule: its first approved booths, 40 minutes each (idempotent)."""
    from jobs.models import PresentationSlot
    from jobs.services.live import presentation_slot_add

    if PresentationSlot.objects.filter(fair=fair).exists():
        return
    booths = Booth.objects.filter(fair=fair, status=Booth.Status.APPROVED).order_by("number")[:4]
    for index, booth in enumerate(booths):
        starts = fair.starts_at + datetime.timedelta(minutes=10 + 40 * index)
        presentation_slot_add(
            fair=fair,
            booth=booth,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(minutes=40),
            topic="企业介绍与岗位讲解",
            staff=staff,
        )
