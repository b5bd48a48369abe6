"""Demo data of the shell: one account per role, organizations, a few veterans. Idempotent."""

import datetime

from allauth.account.models import EmailAddress
from django.db import transaction

from portal.models import (
    FamilyMemberProfile,
    MilitarySpecialty,
    OccupationCategory,
    Organization,
    Region,
    Role,
    User,
    VeteranProfile,
)
from portal.roles import grant_role
from portal.services.family import family_profile_save, family_profile_verify
from portal.services.organizations import membership_add
from portal.services.profiles import STATUTORY_HANDOVER, veteran_profile_save
from portal.synthetic import make_id_number, make_uscc

DEMO_PASSWORD = "portal-demo-2026"

# username, role, e-mail, description (printed by `make run`)
DEMO_ACCOUNTS = [
    ("demo-veteran", Role.VETERAN, "退役军人（已核验，持有效优待证）/ veteran, verified"),
    ("demo-family", Role.FAMILY, "随军家属（配偶，已核验）/ military family member of demo-veteran, verified"),
    ("demo-employer", Role.EMPLOYER, "用人单位：闽海物流集团 / employer member"),
    ("demo-employer2", Role.EMPLOYER, "用人单位：曲靖安泰保安服务 / a second employer"),
    ("demo-institution", Role.INSTITUTION, "承训机构 / training institution member"),
    ("demo-mentor", Role.MENTOR, "创业导师 / entrepreneurship mentor"),
    ("demo-bank", Role.BANK, "合作银行 / bank member"),
    ("demo-merchant", Role.MERCHANT, "拥军商家 / partner merchant member"),
    ("demo-staff", Role.STAFF, "退役军人事务局工作人员 / bureau staff (admin access)"),
]

# name, type, USCC (valid check digits), region code, account
DEMO_ORGANIZATIONS = [
    ("闽海物流集团有限公司", Organization.Type.EMPLOYER, make_uscc("350100", 101), "350100", "demo-employer"),
    ("曲靖安泰保安服务有限公司", Organization.Type.EMPLOYER, make_uscc("530300", 102), "530300", "demo-employer2"),
    (
        "杭州职业技术学院退役军人培训中心",
        Organization.Type.INSTITUTION,
        make_uscc("330100", 103, "12"),
        "330100",
        "demo-institution",
    ),
    ("海峡人才创业孵化基地运营有限公司", Organization.Type.INCUBATOR, make_uscc("350100", 104), "350100", None),
    ("农商银行拥军支行", Organization.Type.BANK, make_uscc("320600", 105), "320600", "demo-bank"),
    ("通通优拥军便利店", Organization.Type.MERCHANT, make_uscc("320600", 106, "92"), "320600", "demo-merchant"),
    ("南通市退役军人事务局", Organization.Type.BUREAU, None, "320600", "demo-staff"),
]

DEMO_VETERANS = [
    # username, name, ID number (valid test numbers), city code, specialties, skills
    (
        "demo-veteran",
        "王建军",
        make_id_number("350102", datetime.date(1990, 3, 7), 891),
        "350102",
        ["M01", "M04"],
        ["驾驶", "汽车维修", "物流"],
    ),
]


def _account(username: str, role: str) -> User:
    user, created = User.objects.get_or_create(username=username, defaults={"email": f"{username}@example.cn"})
    if created:
        user.set_password(DEMO_PASSWORD)
        if role == Role.STAFF:
            user.is_staff = True
        user.save()
    EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    grant_role(user, role)
    return user


@transaction.atomic
def seed_demo(*, stdout, accounts: dict) -> None:
    for username, role, _desc in DEMO_ACCOUNTS:
        accounts[username] = _account(username, role)
    for name, org_type, uscc, region_code, username in DEMO_ORGANIZATIONS:
        org, _created = Organization.objects.get_or_create(
            name=name,
            defaults={
                "org_type": org_type,
                "uscc": uscc,
                "region": Region.objects.get(code=region_code),
                "status": Organization.Status.VERIFIED,
                "contact_name": "李主任",
                "contact_phone": "0591-88880000",
                "description": "演示数据 / demo data",
            },
        )
        if username:
            membership_add(organization=org, user=accounts[username], role="admin")
    for username, name, id_number, region_code, specialties, skills in DEMO_VETERANS:
        user = accounts[username]
        if not VeteranProfile.objects.filter(user=user).exists():
            veteran_profile_save(
                user=user,
                id_number=id_number,
                id_number_basis="web",  # the demo person agreed at the identity step
                data={
                    "real_name": name,
                    "phone": "13800000001",
                    "region": Region.objects.get(code=region_code),
                    "service_branch": "army",
                    "enlistment_date": datetime.date(2012, 9, 1),
                    "discharge_date": datetime.date(2024, 12, 1),
                    "rank": "sergeant",
                    "education": 3,
                    "skills": skills,
                    "expected_salary": 7000,
                    "employment_status": "seeking",
                    "open_to_employers": True,
                    "military_specialties": list(MilitarySpecialty.objects.filter(code__in=specialties)),
                    "desired_categories": list(OccupationCategory.objects.filter(code__in=["0101", "0102"])),
                    "desired_regions": list(Region.objects.filter(code="350100")),
                },
            )
        VeteranProfile.objects.filter(user=user).update(status=VeteranProfile.Status.VERIFIED)
    _demo_family(accounts)
    _demo_phone_and_claim(accounts)


def _demo_phone_and_claim(accounts) -> None:
    """demo-veteran signs in by mobile number too (13800000001, the code shows in the server console) and gets job
    fair reminders by text; 陈大山, imported by staff, has an invitation to claim his account waiting."""
    from portal.services.claims import account_invitation_send
    from portal.services.notifications import preference_for

    veteran = accounts["demo-veteran"]
    if not User.objects.filter(User.phone_q("13800000001"), phone_verified=True).exists():
        veteran.phone, veteran.phone_verified = "13800000001", True
        veteran.save(update_fields=["phone_encrypted", "phone_hash", "phone_last4", "phone_verified"])
        preference = preference_for(veteran)
        preference.sms_fairs = True
        preference.save(update_fields=["sms_fairs"])
    imported, created = User.objects.get_or_create(username="vet-demo-unclaimed")
    if created:
        imported.set_unusable_password()
        imported.email = "chen.dashan@example.cn"
        imported.save()
        veteran_profile_save(
            user=imported,
            id_number=make_id_number("350102", datetime.date(1988, 6, 15), 452),
            id_number_basis=STATUTORY_HANDOVER,  # from the hand-over records, as the bulk import stores them
            data={"real_name": "陈大山", "phone": "13800000009", "region": Region.objects.get(code="350102")},
        )
        account_invitation_send(user=imported)


def _proof_image():
    """A plain image standing for the scan of a 随军证明 (demo data has no real documents)."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (480, 320), (250, 248, 240))
    ImageDraw.Draw(image).rectangle((12, 12, 468, 308), outline=(180, 30, 30), width=4)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return SimpleUploadedFile("proof.png", buffer.getvalue(), content_type="image/png")


def _demo_family(accounts) -> None:
    """demo-family: the spouse of demo-veteran (随军家属), with a proof that staff confirmed."""
    user, veteran = accounts["demo-family"], VeteranProfile.objects.get(user=accounts["demo-veteran"])
    profile = FamilyMemberProfile.objects.filter(user=user).first()
    if profile is None:
        profile = family_profile_save(
            user=user,
            real_name="林秀英",
            id_number=make_id_number("350102", datetime.date(1992, 5, 16), 462, male=False),
            relation=FamilyMemberProfile.Relation.SPOUSE,
            veteran_id_number=veteran.get_id_number(),
            phone="13800000002",
            region=Region.objects.get(code="350102"),
            proof=_proof_image(),
        )
    if not profile.is_verified():
        family_profile_verify(profile=profile, staff_user=accounts["demo-staff"], note="演示：已核对随军证明。")
