"""Acting for a veteran at the counter (代办): starting, stopping and recording each act in the audit log."""

from portal.models import AuditLog
from portal.services.audit import audit_record

ACTING_SESSION_KEY = "staff_acting_for"


def acting_start(*, request, veteran_user) -> None:
    request.session[ACTING_SESSION_KEY] = veteran_user.pk
    audit_record(
        actor=request.user,
        action=AuditLog.Action.ACT_FOR,
        target=veteran_user.veteran_profile,
        on_behalf_of=veteran_user,
        detail={"event": "start"},
        request=request,
    )


def acting_stop(*, request) -> None:
    request.session.pop(ACTING_SESSION_KEY, None)


def acting_record(*, request, veteran_user, action: str, target=None, detail: dict | None = None) -> AuditLog:
    """Write one act done for the veteran. Pillar apps call this after their service succeeded."""
    return audit_record(
        actor=request.user,
        action=AuditLog.Action.ACT_FOR,
        target=target if target is not None else veteran_user.veteran_profile,
        on_behalf_of=veteran_user,
        detail={"event": action, **(detail or {})},
        request=request,
    )
