"""Writing the audit log. Call from services, never from templates."""

from portal.models import AuditLog


def audit_record(*, actor, action: str, target=None, on_behalf_of=None, detail: dict | None = None, request=None):
    ip = None
    if request is not None:
        ip = request.META.get("REMOTE_ADDR")
    return AuditLog.objects.create(
        actor=actor if actor and actor.is_authenticated else None,
        action=action,
        target_type=target._meta.label if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:200] if target is not None else "",
        on_behalf_of=on_behalf_of,
        detail=detail or {},
        ip_address=ip,
    )
