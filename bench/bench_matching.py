"""Targeted push benchmark: publish a position matching ~1/4 of the scale veterans, time publish → all in-site
notices written, and compare with a plain bulk insert of the same number of Notification rows in the same run.

Runs straight through the Django ORM (DJANGO_SETTINGS_MODULE / DATABASE_URL from the environment). Seeds
`seed_scale --veterans $BENCH_VETERANS` (default 200000) first if fewer scale veterans exist.
Prints: bench: push recipients=<n> seconds=<s> per_s=<n> ratio=<r>   (ratio = bulk-insert time / push time)
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.local")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from jobs.matching import services  # noqa: E402
from jobs.models import Position  # noqa: E402
from portal.models import (  # noqa: E402
    MilitarySpecialty,
    Notification,
    OccupationCategory,
    Organization,
    Region,
    User,
)
from portal.synthetic import make_uscc  # noqa: E402


def main():
    size = int(os.environ.get("BENCH_VETERANS", "200000"))
    if User.objects.filter(username__startswith="scale-vet-").count() < size:
        call_command("seed_scale", veterans=size)
    employer, _ = Organization.objects.get_or_create(
        uscc=make_uscc("350100", 990001),
        defaults={
            "name": "基准测试物流有限公司",
            "org_type": Organization.Type.EMPLOYER,
            "region": Region.objects.get(code="350100"),
            "status": Organization.Status.VERIFIED,
        },
    )
    Notification.objects.filter(event_key__startswith="bench-").delete()
    position = Position.objects.create(
        organization=employer,
        title="城市配送驾驶员（基准测试）",
        description="福州城区配送，C1及以上驾照。",
        category=OccupationCategory.objects.get(code="0101"),
        region=Region.objects.get(code="350102"),
        salary_min=6000,
        salary_max=9000,
        skills=["驾驶"],
        status=Position.Status.PENDING,
    )
    position.military_specialties.set(MilitarySpecialty.objects.filter(code="M01"))

    started = time.perf_counter()
    with transaction.atomic():
        Position.objects.filter(pk=position.pk).update(status=Position.Status.PUBLISHED, published_at=timezone.now())
    run = services.position_push(position_id=position.pk)
    push_seconds = time.perf_counter() - started
    key = services.position_event_key(position.pk)
    recipients = Notification.objects.filter(event_key=key).count()
    assert recipients == run.recipients, (recipients, run.recipients)

    recipient_ids = list(Notification.objects.filter(event_key=key).values_list("recipient_id", flat=True))
    started = time.perf_counter()
    with transaction.atomic():
        Notification.objects.bulk_create(
            [
                Notification(recipient_id=pk, event_key="bench-bulk", kind="job_push", title=position.title, url="/")
                for pk in recipient_ids
            ],
            batch_size=2000,
        )
    bulk_seconds = time.perf_counter() - started
    Notification.objects.filter(event_key="bench-bulk").delete()
    Notification.objects.filter(event_key=key).delete()
    position.delete()

    per_s = recipients / push_seconds if push_seconds else 0
    print(f"bench: bulk_insert rows={recipients} seconds={bulk_seconds:.2f}")
    print(
        f"bench: push recipients={recipients} seconds={push_seconds:.2f} per_s={per_s:.0f} "
        f"ratio={bulk_seconds / push_seconds:.2f}"
    )


if __name__ == "__main__":
    main()
