"""Demo counselling and legal aid: a demo lawyer (demo-lawyer, the demo password), demo-veteran's legal aid request
assigned by demo-staff and booked on one of the lawyer's slots, and an open counselling request from demo-family
waiting in the staff queue. Idempotent: skipped once any request exists."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from portal import demo
from portal.counsel import services
from portal.counsel.models import CounselRequest


def seed_demo(*, stdout, accounts: dict) -> None:
    if CounselRequest.objects.exists() or "demo-veteran" not in accounts:
        return
    staff = accounts["demo-staff"]
    lawyer, created = get_user_model().objects.get_or_create(username="demo-lawyer", defaults={"last_name": "李律师"})
    if created:
        lawyer.set_password(demo.DEMO_PASSWORD)
        lawyer.save(update_fields=["password"])
    provider = services.provider_mark(user=lawyer, staff_user=staff, kind="lawyer")
    start = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0) + datetime.timedelta(days=3)
    slots = [
        services.slot_add(
            provider=provider, starts_at=start + datetime.timedelta(days=d), minutes=60, place="区法律援助中心"
        )
        for d in range(3)
    ]
    request = services.request_create(
        user=accounts["demo-veteran"],
        kind="legal",
        description="原单位拖欠三个月工资，想了解劳动仲裁的流程。",
        preferred_times="周六上午",
    )
    services.request_assign(request=request, staff_user=staff, provider=provider)
    services.request_book(request=request, user=accounts["demo-veteran"], slot=slots[0])
    if "demo-family" in accounts:
        services.request_create(
            user=accounts["demo-family"],
            kind="counselling",
            description="家人退役后情绪低落。",
            preferred_times="工作日晚上",
        )
    stdout.write(f"counsel: {CounselRequest.objects.count()} requests; demo-lawyer has {len(slots)} slots")
