"""A live-stream fair on now with two approved booths, for the live room's tests."""

import datetime
from types import SimpleNamespace

from django.utils import timezone

from jobs.models import Booth, JobFair
from tests.factories import OrgMemberFactory
from tests.jobs.factories import BoothFactory, JobFairFactory, PositionFactory


def live_fair(stream_url: str = "") -> SimpleNamespace:
    now = timezone.now()
    fair = JobFairFactory(
        kind=JobFair.Kind.LIVESTREAM,
        venue="",
        stream_url=stream_url,
        starts_at=now - datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=5),
        registration_closes_at=now + datetime.timedelta(hours=4),
    )
    first, second = OrgMemberFactory(org_type="employer"), OrgMemberFactory(org_type="employer")
    booths = []
    for number, member, title in ((1, first, "无人机飞手"), (2, second, "物流调度员")):
        booth = BoothFactory(fair=fair, organization=member.organization, status=Booth.Status.APPROVED, number=number)
        booth.positions.set([PositionFactory(organization=member.organization, title=title)])
        booths.append(booth)
    return SimpleNamespace(fair=fair, booths=booths, employers=[first, second])
