"""Factories for matching tests: positions published by a verified employer, veterans with hand-made profiles."""

import datetime

from django.utils import timezone

from jobs.models import JobFair, Position
from portal.models import MilitarySpecialty, OccupationCategory, Region, VeteranProfile
from tests import factories


def category(code: str) -> OccupationCategory:
    return OccupationCategory.objects.get(code=code)


def make_position(
    *,
    title="驾驶员",
    category_code="0101",
    region_code="350102",
    skills=(),
    specialties=(),
    organization=None,
    status=Position.Status.PUBLISHED,
    salary=(5000, 8000),
    **extra,
) -> Position:
    organization = organization or factories.OrganizationFactory()
    position = Position.objects.create(
        organization=organization,
        title=title,
        description=extra.pop("description", title),
        category=category(category_code),
        region=Region.objects.get(code=region_code),
        salary_min=salary[0],
        salary_max=salary[1],
        skills=list(skills),
        status=status,
        published_at=timezone.now() if status == Position.Status.PUBLISHED else None,
        **extra,
    )
    if specialties:
        position.military_specialties.set(MilitarySpecialty.objects.filter(code__in=specialties))
    return position


def make_veteran(*, region_code="350102", specialties=(), skills=(), desired=(), desired_regions=(), **profile):
    user = factories.VeteranFactory(
        profile__region_code=region_code,
        profile__skills=list(skills),
        **{f"profile__{k}": v for k, v in profile.items()},
    )
    vp = VeteranProfile.objects.get(user=user)
    if specialties:
        vp.military_specialties.set(MilitarySpecialty.objects.filter(code__in=specialties))
    if desired:
        vp.desired_categories.set(OccupationCategory.objects.filter(code__in=desired))
    if desired_regions:
        vp.desired_regions.set(Region.objects.filter(code__in=desired_regions))
    return user


def make_fair(*, starts_in=datetime.timedelta(hours=20), region_code="350102") -> JobFair:
    now = timezone.now()
    return JobFair.objects.create(
        title="福州市退役军人专场招聘会",
        organizer="福州市退役军人事务局",
        region=Region.objects.get(code=region_code),
        venue="福州海峡国际会展中心",
        starts_at=now + starts_in,
        ends_at=now + starts_in + datetime.timedelta(hours=4),
        registration_opens_at=now - datetime.timedelta(days=5),
        registration_closes_at=now + starts_in,
        capacity=100,
        booth_count=10,
    )
