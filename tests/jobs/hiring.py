"""Helpers of the hiring-loop tests: an applicant with an application, an employer member, offered times."""

import datetime

from django.utils import timezone

from jobs.services.applications import application_submit
from jobs.services.interviews import interview_propose
from tests.factories import OrgMemberFactory, VeteranFactory
from tests.jobs.factories import PositionFactory


def details(**changes) -> dict:
    base = {
        "minutes": 30,
        "mode": "onsite",
        "address": "福州市鼓楼区五四路100号3楼人事部",
        "video_link": "",
        "contact_name": "林经理",
        "contact_phone": "0591-88001234",
        "bring": "身份证、退役证、简历",
        "interviewer": None,
    }
    return {**base, **changes}


def in_hours(hours: float) -> datetime.datetime:
    return (timezone.now() + datetime.timedelta(hours=hours)).replace(second=0, microsecond=0)


def applied(*, employer=None, veteran=None):
    """(application, employer member, veteran): a veteran applied to one of the employer's positions."""
    employer = employer or OrgMemberFactory(org_type="employer")
    veteran = veteran or VeteranFactory()
    position = PositionFactory(organization=employer.organization)
    return application_submit(share_consent=True, channel="web", position=position, veteran=veteran), employer, veteran


def invite(application, employer, *hours, note="请提前十分钟到达。", **detail_changes):
    times = [in_hours(h) for h in (hours or (48, 72))]
    return interview_propose(
        application=application, actor=employer, times=times, details=details(**detail_changes), note=note
    )
