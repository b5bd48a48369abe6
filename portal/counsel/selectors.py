"""Reads of counselling and legal aid. The staff queue selects no content column."""

from portal.counsel.models import CounselRequest

QUEUE_FIELDS = ("pk", "kind", "status", "created_at")


def my_requests(user):
    return CounselRequest.objects.filter(requester=user).select_related("provider__user", "slot")


def provider_cases(provider):
    return CounselRequest.objects.filter(provider=provider).select_related("slot").order_by("status", "-created_at")


def unassigned_queue():
    """The open requests without their content: kind, status and date only."""
    return CounselRequest.objects.filter(status=CounselRequest.Status.OPEN).only(*QUEUE_FIELDS).order_by("created_at")


def assigned_to_staff(user):
    return CounselRequest.objects.filter(assigned_staff=user).select_related("provider__user")
