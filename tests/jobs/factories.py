"""Factories of the jobs tests: positions (indexed for search), fairs, booths."""

import datetime

import factory
from django.utils import timezone

from jobs.models import Booth, JobFair, Position
from jobs.services.positions import position_index
from portal.models import OccupationCategory
from tests.factories import OrganizationFactory, region


def leaf_category():
    return OccupationCategory.objects.filter(parent__isnull=False).order_by("code").first()


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"仓储管理员{n}")
    description = "负责仓库收发货、盘点和安全巡查，欢迎退役军人报名。"
    category = factory.LazyFunction(leaf_category)
    region = factory.LazyFunction(lambda: region("350102"))
    salary_min = 4000
    salary_max = 6000
    headcount = 2
    status = Position.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    deadline = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))

    @factory.post_generation
    def indexed(obj, create, extracted, **kwargs):
        if create:
            position_index(obj)


class JobFairFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobFair

    title = factory.Sequence(lambda n: f"退役军人专场招聘会{n}")
    kind = JobFair.Kind.ONSITE
    organizer = "福州市退役军人事务局"
    region = factory.LazyFunction(lambda: region("350100"))
    venue = "福州海峡人才市场"
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=2))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=6))
    registration_opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    registration_closes_at = factory.LazyAttribute(lambda o: o.starts_at)
    capacity = 100
    booth_count = 10


class BoothFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Booth

    fair = factory.SubFactory(JobFairFactory)
    organization = factory.SubFactory(OrganizationFactory)
    status = Booth.Status.PENDING
