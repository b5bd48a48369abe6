"""每周精选 (weekly picks): the positions staff choose for one ISO week, sent to veterans by the Monday digest
(`send_weekly_digest`) and shown on their recommended page. The workbench page, the admin and the API call these."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobs.matching.models import WeeklyPick, monday_of
from jobs.models import Position
from portal.models import AuditLog
from portal.services.audit import audit_record

MAX_PICKS_PER_WEEK = 12  # the digest and the recommended page show them all; more reads as a list, not a pick


@transaction.atomic
def weekly_pick_add(
    *, position: Position, staff_user, week: datetime.date | None = None, note: str = "", sort_order: int | None = None
) -> WeeklyPick:
    """Pick a published position for the week holding `week` (this week by default). Past weeks are closed: their
    digest has gone out."""
    week_start = monday_of(week or timezone.localdate())
    if week_start < monday_of(timezone.localdate()):
        raise ValidationError({"week": _("That week is over; pick for this week or a later one.")})
    if not position.is_published():
        raise ValidationError({"position": _("Only a published position can be picked.")})
    picks = WeeklyPick.objects.select_for_update().filter(week_start=week_start)
    if len(picks) >= MAX_PICKS_PER_WEEK:
        raise ValidationError(_("A week has at most %(max)d picks.") % {"max": MAX_PICKS_PER_WEEK})
    if sort_order is None:
        sort_order = max((p.sort_order for p in picks), default=-1) + 1
    try:
        with transaction.atomic():
            pick = WeeklyPick.objects.create(
                week_start=week_start, position=position, note=note.strip(), sort_order=sort_order, added_by=staff_user
            )
    except IntegrityError:
        raise ValidationError({"position": _("This position is already picked for that week.")}) from None
    audit_record(actor=staff_user, action=AuditLog.Action.OTHER, target=pick, detail={"weekly_pick": "added"})
    return pick


@transaction.atomic
def weekly_pick_remove(*, pick: WeeklyPick, staff_user) -> None:
    if pick.week_start < monday_of(timezone.localdate()):
        raise ValidationError(_("That week is over; its picks are kept as sent."))
    audit_record(actor=staff_user, action=AuditLog.Action.OTHER, target=pick, detail={"weekly_pick": "removed"})
    pick.delete()
