"""Demo data for the training app, called by `manage.py seed_demo` after the shell's data. Idempotent."""

import datetime

from django.db import transaction
from django.utils import timezone

from portal.demo import _account
from portal.models import Organization, Region, Role, VeteranProfile
from portal.services.profiles import veteran_profile_save
from portal.synthetic import make_id_number, make_uscc
from training import services
from training.demo_records import assessment_of, seed_records
from training.models import Attendance, ClassSession, Course, Enrollment, TrainingClass

T, M = Course.Type, Course.Module

INSTITUTIONS = [
    ("福州市退役军人职业技能培训学校", make_uscc("350100", 301, "12"), "350100"),
    ("南通市退役军人教育培训中心", make_uscc("320600", 302, "12"), "320600"),
    ("曲靖市退役军人就业创业培训基地", make_uscc("530300", 303, "12"), "530300"),
]

# title, type, module, hours, subsidy (0 = none), skill-level certificate
COURSES = [
    ("退役军人适应性培训（思政理论）", T.ADAPTIVE, M.IDEOLOGY, 24, 0, False),
    ("退役安置政策法规解读", T.ADAPTIVE, M.POLICY, 16, 0, False),
    ("从军营到社会：角色转换与社会适应", T.ADAPTIVE, M.SOCIAL, 16, 0, False),
    ("退役军人心理调适与压力管理", T.ADAPTIVE, M.MENTAL, 12, 0, False),
    ("求职技巧与职业规划", T.ADAPTIVE, M.EMPLOYMENT, 16, 0, False),
    ("职场礼仪与职业素养", T.ADAPTIVE, M.PROFESSIONALISM, 12, 0, False),
    ("工业机器人运维", T.VOCATIONAL, M.EMPLOYMENT, 120, 3000, True),
    ("无人机驾驶（CAAC执照培训）", T.VOCATIONAL, M.EMPLOYMENT, 96, 3500, True),
    ("短视频制作与运营", T.VOCATIONAL, M.EMPLOYMENT, 60, 1800, False),
    ("电商直播实战", T.VOCATIONAL, M.EMPLOYMENT, 60, 1800, False),
    ("中式烹调师（四级）", T.VOCATIONAL, M.PROFESSIONALISM, 90, 2400, True),
    ("新能源汽车维修", T.VOCATIONAL, M.EMPLOYMENT, 100, 2800, True),
    ("保安员（五级）", T.VOCATIONAL, M.PROFESSIONALISM, 40, 1200, True),
    ("物流仓储管理", T.VOCATIONAL, M.EMPLOYMENT, 48, 1500, False),
    ("电工（中级）", T.VOCATIONAL, M.PROFESSIONALISM, 80, 2200, True),
    ("焊工（中级）", T.VOCATIONAL, M.PROFESSIONALISM, 80, 2200, True),
    ("叉车司机", T.VOCATIONAL, M.EMPLOYMENT, 32, 1000, True),
    ("网约车与客运驾驶员", T.VOCATIONAL, M.EMPLOYMENT, 24, 800, False),
    ("消防设施操作员", T.VOCATIONAL, M.PROFESSIONALISM, 64, 2000, True),
    ("健康管理师", T.VOCATIONAL, M.PROFESSIONALISM, 72, 2000, True),
    ("网络安全运维", T.VOCATIONAL, M.EMPLOYMENT, 96, 3000, True),
    ("智能楼宇管理员", T.VOCATIONAL, M.PROFESSIONALISM, 56, 1600, True),
    ("退役军人学历提升（大专）", T.ACADEMIC, M.EMPLOYMENT, 200, 4000, False),
    ("高职扩招专项（机电一体化）", T.ACADEMIC, M.PROFESSIONALISM, 240, 4000, False),
    ("成人本科助学辅导", T.ACADEMIC, M.SOCIAL, 120, 2000, False),
    ("SYB创办你的企业", T.ENTREPRENEURSHIP, M.EMPLOYMENT, 40, 1200, False),
    ("网络创业培训", T.ENTREPRENEURSHIP, M.EMPLOYMENT, 40, 1200, False),
    ("创业政策与融资贷款", T.ENTREPRENEURSHIP, M.POLICY, 16, 600, False),
    ("小微企业财税实务", T.ENTREPRENEURSHIP, M.PROFESSIONALISM, 24, 800, False),
    ("农村电商与特色产业创业", T.ENTREPRENEURSHIP, M.EMPLOYMENT, 32, 1000, False),
    ("退役军人终身学习：智慧生活与健康管理", T.LIFELONG, M.SOCIAL, 20, 0, False),
    ("退役军人服务站工作人员业务能力提升培训", T.SERVICE_STAFF, M.POLICY, 24, 0, False),
]

TRAINEES = [
    ("demo-trainee1", "刘海涛"),
    ("demo-trainee2", "赵国强"),
    ("demo-trainee3", "孙立新"),
    ("demo-trainee4", "周文斌"),
]


def _institutions(accounts):
    orgs = [Organization.objects.get(name="杭州职业技术学院退役军人培训中心")]
    for name, uscc, code in INSTITUTIONS:
        org, _created = Organization.objects.get_or_create(
            name=name,
            defaults={
                "org_type": Organization.Type.INSTITUTION,
                "uscc": uscc,
                "region": Region.objects.get(code=code),
                "status": Organization.Status.VERIFIED,
                "verified_at": timezone.now(),
                "description": "经退役军人事务部门认定的承训机构。",
            },
        )
        orgs.append(org)
    return orgs


def _trainees():
    users = []
    for i, (username, name) in enumerate(TRAINEES):
        user = _account(username, Role.VETERAN)
        if not VeteranProfile.objects.filter(user=user).exists():
            veteran_profile_save(
                user=user,
                data={"real_name": name, "phone": f"1390000{i:04d}", "region": Region.objects.get(code="350102")},
                id_number=make_id_number("350102", datetime.date(1992, 1 + i, 3 + i), 600 + i),
                id_number_basis="web",  # the demo person agreed at the identity step
            )
        VeteranProfile.objects.filter(user=user).update(status=VeteranProfile.Status.VERIFIED)
        users.append(user)
    return users


def _class_for(course, org, index):
    today = timezone.localdate()
    now = timezone.now()
    past = index % 3 == 0  # every third class has finished, so it has attendance and certificates
    start = today - datetime.timedelta(days=40) if past else today + datetime.timedelta(days=14 + index)
    cls, created = TrainingClass.objects.get_or_create(
        course=course,
        name=f"{timezone.localdate().year}年第{index % 4 + 1}期",
        defaults={
            "region": org.region,
            "venue": f"{org.name}实训楼",
            "start_date": start,
            "end_date": start + datetime.timedelta(days=10),
            "capacity": 3 if index == 6 else 1 if index == 2 else 30,  # index 2: one waits (raise it to see)
            "enrolment_opens": now - datetime.timedelta(days=60),
            "enrolment_closes": now - datetime.timedelta(days=41) if past else now + datetime.timedelta(days=10),
            "cross_region": True,
            "open_to_families": index % 2 == 0,
        },
    )
    if created:
        for n in range(3):
            begins = timezone.make_aware(
                datetime.datetime.combine(start + datetime.timedelta(days=n * 3), datetime.time(9))
            )
            ClassSession.objects.create(
                training_class=cls, title=f"第{n + 1}讲", starts_at=begins, ends_at=begins + datetime.timedelta(hours=3)
            )
    return cls, past


@transaction.atomic
def seed_demo(*, stdout, accounts: dict) -> None:
    orgs = _institutions(accounts)
    trainees = _trainees()
    veteran = accounts["demo-veteran"]
    for index, (title, ctype, module, hours, subsidy, skill) in enumerate(COURSES):
        org = orgs[index % len(orgs)]
        course = Course.objects.filter(institution=org, title=title).first()
        if course is None:
            course = services.course_save(
                course=Course(
                    institution=org,
                    title=title,
                    course_type=ctype,
                    module=module,
                    hours=hours,
                    description=f"{title}：面向退役军人的{Course.Type(ctype).label}课程，理论与实操结合，结业颁发证书。",
                    delivery=Course.Delivery.BLENDED if index % 4 == 0 else Course.Delivery.ONSITE,
                    certificate_type=Course.CertificateType.SKILL_LEVEL if skill else Course.CertificateType.COMPLETION,
                    subsidy_eligible=subsidy > 0,
                    subsidy_amount=subsidy,
                    **(assessment_of(title) if skill else {}),
                )
            )
        cls, past = _class_for(course, org, index)
        if cls.enrollments.exists() or index % 2 or ctype == T.SERVICE_STAFF:
            continue
        # demo-veteran goes first into the full class with a subsidy (index 6), so they have a claim of their own.
        people = [veteran, *trainees] if index == 6 else [*trainees, veteran] if index == 0 else trainees[:2]
        for user in people:
            if past:
                # Enrol inside the (past) window, then record attendance and completion.
                enrollment = services.enrollment_create(
                    training_class=cls, veteran=user, now=cls.enrolment_opens + datetime.timedelta(days=1)
                )
                if enrollment.status != Enrollment.Status.ENROLLED:
                    continue
                for session in cls.sessions.all():
                    Attendance.objects.get_or_create(
                        session=session, enrollment=enrollment, defaults={"method": "code"}
                    )
                member = org.memberships.first()
                actor = member.user if member else accounts["demo-staff"]
                if user != trainees[-1]:
                    done = services.enrollment_complete(
                        enrollment=enrollment, actor=accounts["demo-staff"] if not member else actor, exam_score=88
                    )
                    if done.status == Enrollment.Status.COMPLETED and course.subsidy_eligible:
                        # Subsidy claims; demo_records takes them through evidence, approval and payment.
                        services.subsidy_claim_file(enrollment=done, actor=user)
            else:
                services.enrollment_create(training_class=cls, veteran=user)
    seed_records(stdout=stdout, staff=accounts["demo-staff"], institutions=orgs)
    stdout.write(
        f"training: {Course.objects.count()} courses, {TrainingClass.objects.count()} classes, "
        f"{Enrollment.objects.count()} enrolments"
    )
