"""Recording a change of state for the status history (portal.models.StatusChange). Services call it in the same
transaction as the change they record; views never do."""

from django.contrib.contenttypes.models import ContentType

from portal.models import StatusChange


def status_change_record(*, subject, from_status: str, to_status: str, actor=None, note: str = "") -> StatusChange:
    """Append one change of `subject`'s status; a no-op change (same status, no note) is not recorded."""
    if from_status == to_status and not note:
        return None
    return StatusChange.objects.create(
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        from_status=str(from_status or ""),
        to_status=str(to_status),
        actor=actor if actor is not None and actor.is_authenticated else None,
        note=(note or "")[:300],
    )


def status_changes_of(subject):
    return StatusChange.objects.filter(
        content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk
    ).order_by("created_at", "id")
