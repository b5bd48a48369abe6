"""Reads of the shell with real logic: counts for the staff dashboard."""

from django.db.models import Count, Q

from portal.models import Organization, VeteranProfile


def shell_figures() -> dict:
    veterans = VeteranProfile.objects.aggregate(
        total=Count("pk"),
        verified=Count("pk", filter=Q(status=VeteranProfile.Status.VERIFIED)),
        awaiting=Count("pk", filter=Q(status=VeteranProfile.Status.SUBMITTED)),
    )
    organizations = Organization.objects.aggregate(
        total=Count("pk"), awaiting=Count("pk", filter=Q(status=Organization.Status.PENDING))
    )
    return {"veterans": veterans, "organizations": organizations}
