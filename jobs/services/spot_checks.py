"""Spot checks of positions published without review: when a trusted employer's position goes straight to published,
its organization's share of them (Organization.spot_check_share, in %) is drawn at random into the staff's queue;
staff pass it, or take it down with a reason the employer reads (and may withdraw the trust). Audited."""

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobs.models import Position, PositionSpotCheck
from portal.exceptions import AccessDenied
from portal.messages import Message
from portal.models import AuditLog
from portal.permissions import is_bureau_staff
from portal.services.audit import audit_record
from portal.services.notifications import notify
from portal.services.organizations import organization_trust_set

_draw = secrets.SystemRandom()  # not predictable by the employer (tests replace it)


def spot_check_draw(*, position: Position) -> PositionSpotCheck | None:
    """Called as a trusted employer's position is published without review: queue it for a spot check with the
    organization's probability. Returns the queued check, or None when it was not drawn."""
    share = position.organization.spot_check_share()
    if share <= 0 or _draw.randrange(100) >= share:
        return None
    check, _created = PositionSpotCheck.objects.get_or_create(position=position)
    return check


def _locked_waiting(check: PositionSpotCheck, staff) -> PositionSpotCheck:
    if not is_bureau_staff(staff):
        raise AccessDenied(_("Only bureau staff can spot-check positions."))
    check = PositionSpotCheck.objects.select_for_update().select_related("position__organization").get(pk=check.pk)
    if check.status != PositionSpotCheck.Status.WAITING:
        raise ValidationError(_("This position has already been spot-checked."))
    return check


@transaction.atomic
def spot_check_pass(*, check: PositionSpotCheck, staff, request=None) -> PositionSpotCheck:
    check = _locked_waiting(check, staff)
    check.status = PositionSpotCheck.Status.PASSED
    check.checked_by, check.checked_at = staff, timezone.now()
    check.save(update_fields=["status", "checked_by", "checked_at"])
    audit_record(actor=staff, action=AuditLog.Action.APPROVE, target=check.position, request=request)
    return check


@transaction.atomic
def spot_check_take_down(
    *, check: PositionSpotCheck, staff, reason: str, withdraw_trust: bool = False, request=None
) -> PositionSpotCheck:
    """Close the published position with a reason the employer is told; with `withdraw_trust`, the employer's
    next positions go through review again."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason so the employer can correct the position.")})
    check = _locked_waiting(check, staff)
    position = Position.objects.select_for_update().get(pk=check.position_id)
    if position.is_published():
        position.status = Position.Status.CLOSED
        position.closed_at = timezone.now()
    position.rejection_reason = reason[:300]
    position.save(update_fields=["status", "closed_at", "rejection_reason", "updated_at"])
    check.status = PositionSpotCheck.Status.TAKEN_DOWN
    check.reason = reason[:300]
    check.checked_by, check.checked_at = staff, timezone.now()
    check.save(update_fields=["status", "reason", "checked_by", "checked_at"])
    audit_record(
        actor=staff,
        action=AuditLog.Action.REJECT,
        target=position,
        detail={"event": "spot_check_take_down", "reason": reason, "withdraw_trust": withdraw_trust},
        request=request,
    )
    organization = check.position.organization
    if withdraw_trust and organization.auto_publish:
        organization_trust_set(organization=organization, staff_user=staff, auto_publish=False, request=request)
    for membership in organization.memberships.select_related("user"):
        notify(
            recipient=membership.user,
            event_key=f"jobs-position-{position.pk}-spot-check-taken-down",
            kind="jobs_position",
            title=Message(gettext_lazy("Position taken down at a spot check: %(title)s"), title=position.title),
            body=reason,
            url=f"/jobs/employer/positions/{position.pk}/",
        )
    return check
