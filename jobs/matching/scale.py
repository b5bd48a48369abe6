"""`seed_scale --veterans N`: N verified veterans with valid encrypted ID numbers, bulk inserted in batches.

Every fourth veteran is a driver (汽车驾驶) living in Fuzhou, the rest have other specialties elsewhere, so a
driver position in Fuzhou matches about a quarter of them (what bench/bench_matching.py publishes).
Idempotent per size: users are named scale-vet-<n> and only the missing ones are created.
"""

import datetime
import time

from django.db import transaction

from portal import crypto
from portal.models import MilitarySpecialty, Region, User, VeteranProfile
from portal.synthetic import make_id_number

BATCH = 5000
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = ["建军", "卫国", "志强", "海军", "国庆", "立新", "红军", "建华", "振华", "永刚"]
OTHER_SPECIALTIES = ["M05", "M10", "M11", "M15", "M18", "M19", "M22", "M26", "M33", "M35", "M38", "M44"]
SKILLS = {"M01": ["驾驶", "物流"], "M10": ["烹饪"], "M15": ["安保"], "M22": ["电工"], "M19": ["网络运维"]}


def add_arguments(parser):
    parser.add_argument("--veterans", type=int, default=0, help="number of synthetic verified veterans (matching)")


def seed_scale(options, stdout):
    target = options.get("veterans") or 0
    if not target:
        return
    existing = User.objects.filter(username__startswith="scale-vet-").count()
    if existing >= target:
        stdout.write(f"matching: {existing} scale veterans already present")
        return
    fuzhou = list(Region.objects.filter(code__startswith="3501", level=3).order_by("code"))
    elsewhere = list(
        Region.objects.filter(level=3).exclude(code__startswith="35").order_by("code").values_list("pk", "code")
    )[::50]
    specialties = dict(MilitarySpecialty.objects.values_list("code", "pk"))
    through = VeteranProfile.military_specialties.through
    started = time.monotonic()
    for start in range(existing, target, BATCH):
        stop = min(start + BATCH, target)
        with transaction.atomic():
            users = User.objects.bulk_create(
                [
                    User(username=f"scale-vet-{i}", email=f"scale-vet-{i}@example.cn", password="!")
                    for i in range(start, stop)
                ]
            )
            profiles, codes = [], []
            for i, user in zip(range(start, stop), users, strict=True):
                driver = i % 4 == 0
                if driver:
                    region = fuzhou[i % len(fuzhou)]
                    region_pk, region_code = region.pk, region.code
                    code = "M01"
                else:
                    region_pk, region_code = elsewhere[i % len(elsewhere)]
                    code = OTHER_SPECIALTIES[i % len(OTHER_SPECIALTIES)]
                birth = datetime.date(1970, 1, 1) + datetime.timedelta(days=i // 1000)
                id_number = make_id_number(region_code, birth, i % 1000, male=(i % 1000) % 2 == 1)
                profile = VeteranProfile(
                    user=user,
                    real_name=SURNAMES[i % len(SURNAMES)] + GIVEN[i % len(GIVEN)],
                    birth_date=birth,
                    gender="M" if (i % 1000) % 2 == 1 else "F",
                    phone=f"139{i:08d}"[:11],
                    region_id=region_pk,
                    service_branch="army",
                    enlistment_date=datetime.date(2010, 9, 1),
                    discharge_date=datetime.date(2015 + i % 8, 12, 1),
                    education=1 + i % 4,
                    skills=SKILLS.get(code, []),
                    expected_salary=4000 + (i % 6) * 1000,
                    open_to_employers=i % 3 == 0,
                    status=VeteranProfile.Status.VERIFIED,
                )
                profile.id_number_encrypted = crypto.encrypt(id_number)
                profile.id_number_hash = crypto.keyed_hash(id_number)
                profile.id_number_last4 = id_number[-4:]
                profiles.append(profile)
                codes.append(code)
            VeteranProfile.objects.bulk_create(profiles)
            through.objects.bulk_create(
                [
                    through(veteranprofile_id=p.pk, militaryspecialty_id=specialties[c])
                    for p, c in zip(profiles, codes, strict=True)
                ]
            )
        stdout.write(f"matching: {stop}/{target} veterans ({time.monotonic() - started:.0f} s)")
