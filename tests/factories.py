"""factory_boy factories for the shell. Pillar apps keep theirs in tests/<app>/factories.py."""

import datetime

import factory
from allauth.account.models import EmailAddress

from portal.models import Organization, Region, Role, User, VeteranProfile
from portal.roles import grant_role
from portal.services.organizations import membership_add
from portal.services.profiles import veteran_profile_save
from portal.synthetic import make_id_number, make_uscc


def region(code: str) -> Region:
    return Region.objects.get(code=code)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.cn")
    password = factory.PostGenerationMethodCall("set_password", "pass-1234-word")

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        if create:
            obj.save()
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class StaffFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def role(obj, create, extracted, **kwargs):
        if create:
            grant_role(obj, Role.STAFF)


_seq = {"n": 0}


def next_id_number(region_code="350102") -> str:
    _seq["n"] += 1
    n = _seq["n"]
    # 2n+1 keeps the sequence digits odd (male) and distinct for 500 consecutive numbers, so masked forms differ too.
    return make_id_number(region_code, datetime.date(1985 + n % 15, 1 + n % 12, 1 + n % 28), (2 * n + 1) % 1000)


class VeteranFactory(UserFactory):
    """A user with a complete, verified veteran profile (saved through the service, so encryption applies)."""

    @factory.post_generation
    def profile(obj, create, extracted, **kwargs):
        if not create:
            return
        region_code = kwargs.pop("region_code", "350102")
        data = {
            "real_name": kwargs.pop("real_name", "张伟"),
            "phone": "13900000000",
            "region": region(region_code),
            "service_branch": "army",
            "education": 2,
            "skills": kwargs.pop("skills", []),
        }
        data.update(kwargs)
        profile = veteran_profile_save(user=obj, data=data, id_number=next_id_number(), id_number_basis="web")
        if extracted is not False:
            VeteranProfile.objects.filter(pk=profile.pk).update(status=VeteranProfile.Status.VERIFIED)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"测试单位{n}")
    org_type = Organization.Type.EMPLOYER
    uscc = factory.Sequence(lambda n: make_uscc("350100", 5000 + n))
    region = factory.LazyFunction(lambda: region("350100"))
    status = Organization.Status.VERIFIED


def OrgMemberFactory(org_type="employer", organization=None, **kwargs) -> User:
    user = UserFactory(**kwargs)
    organization = organization or OrganizationFactory(org_type=org_type)
    membership_add(organization=organization, user=user)
    user.organization = organization
    return user


def api_key(user, *, name: str = "test", second_factor: bool = False) -> str:
    """A new personal API key for `user`, as the token endpoint issues it."""
    from portal.services.tokens import api_token_create

    return api_token_create(user=user, name=name, second_factor=second_factor)[1]


def proof_upload(name="proof.png"):
    """A small PNG standing for the scan of a 随军证明."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (240, 236, 220)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def family_member(veteran=None, *, relation="spouse", verified=True, proof=True, real_name="林芳") -> User:
    """A 随军家属/优抚对象 linked to `veteran` (a new verified veteran by default), through the real services:
    saved with a proof and, unless verified=False, confirmed by a staff member."""
    from portal.services.family import family_profile_save, family_profile_verify

    veteran = veteran or VeteranFactory()
    user = UserFactory()
    profile = family_profile_save(
        user=user,
        real_name=real_name,
        id_number=next_id_number(),
        relation=relation,
        veteran_id_number=veteran.veteran_profile.get_id_number(),
        phone="13600000000",
        region=region("350102"),
        proof=proof_upload() if proof else None,
    )
    if verified:
        family_profile_verify(profile=profile, staff_user=StaffFactory())
    return User.objects.get(pk=user.pk)  # without the profile cached as it was before the verification
