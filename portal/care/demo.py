"""Demo care visits: the demo veterans marked for regular visits, one visit overdue, one recorded with a need and
its follow-up task. Idempotent: skipped once any subject exists."""

import datetime

from django.utils import timezone

from portal.care import services
from portal.care.models import CareSubject, CareVisit
from portal.models import VeteranProfile

SUBJECTS = [("demo-vet01", ["elderly", "alone"], 30), ("demo-vet03", ["disabled"], 90), ("demo-vet06", ["ill"], 60)]


def seed_demo(*, stdout, accounts: dict) -> None:
    if CareSubject.objects.exists():
        return
    staff = accounts["demo-staff"]
    today = timezone.localdate()
    for username, reasons, interval in SUBJECTS:
        veteran = VeteranProfile.objects.filter(user__username=username).first()
        if veteran is not None:
            services.care_subject_mark(veteran=veteran, staff_user=staff, reasons=reasons, interval_days=interval)
    visits = list(CareVisit.objects.planned().order_by("pk"))
    if len(visits) >= 2:
        CareVisit.objects.filter(pk=visits[0].pk).update(due_on=today - datetime.timedelta(days=12))
        services.care_visit_record(
            visit=visits[1],
            staff_user=staff,
            visited_on=today,
            visitors="李主任、王干事",
            condition="fair",
            needs=["medical"],
            notes="行动不便，需定期体检。",
            tasks=[{"need": "medical", "description": "联系社区医院上门体检", "assigned_to": staff, "due_on": today}],
        )
    stdout.write(f"care: {CareSubject.objects.count()} veterans visited regularly")
