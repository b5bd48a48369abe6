"""Employment follow-up (就业跟踪): record the 1/3/6-month checks — not before they are due, by the employer or by
bureau staff — and remind, once each, the employer's members and the staff responsible for the position's region
(portal.staff.selectors.region_staff: the region's bureau, else its parent region's)."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobs.models import EmploymentRecord, FollowUp
from jobs.permissions import employer_organizations
from portal.exceptions import AccessDenied
from portal.messages import Message
from portal.permissions import is_bureau_staff
from portal.services.notifications import notify
from portal.staff.selectors import region_staff

logger = logging.getLogger(__name__)


def can_record_follow_up(user, follow_up: FollowUp) -> bool:
    if is_bureau_staff(user):
        return True
    return employer_organizations(user).filter(pk=follow_up.record.organization_id).exists()


def _check_recordable(follow_up: FollowUp, today) -> None:
    if follow_up.is_done():
        raise ValidationError(_("This follow-up has already been recorded."))
    if follow_up.due_on > today:
        raise ValidationError(
            _("The %(milestone)s follow-up is due on %(date)s; it cannot be recorded before then.")
            % {"milestone": follow_up.get_months_display(), "date": formats.date_format(follow_up.due_on)}
        )
    left = (
        FollowUp.objects.filter(record=follow_up.record, months__lt=follow_up.months, still_employed=False)
        .exclude(done_at=None)
        .first()
    )
    if left is not None:
        raise ValidationError(
            _("The %(milestone)s follow-up found that the veteran had left; later follow-ups are closed.")
            % {"milestone": left.get_months_display()}
        )


@transaction.atomic
def follow_up_record(*, follow_up: FollowUp, actor, still_employed: bool, reason: str = "") -> FollowUp:
    follow_up = FollowUp.objects.select_for_update().select_related("record").get(pk=follow_up.pk)
    if not can_record_follow_up(actor, follow_up):
        raise AccessDenied(_("You cannot record follow-ups for another employer's hires."), hide=True)
    _check_recordable(follow_up, timezone.localdate())
    if not still_employed and not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the veteran left the job.")})
    follow_up.still_employed = still_employed
    follow_up.reason = (reason or "").strip()[:300]
    follow_up.done_at = timezone.now()
    follow_up.recorded_by = actor
    follow_up.save(update_fields=["still_employed", "reason", "done_at", "recorded_by"])
    record = follow_up.record
    if not still_employed and record.status == EmploymentRecord.Status.EMPLOYED:
        record.status = EmploymentRecord.Status.LEFT
        record.left_on = timezone.localdate()
        record.save(update_fields=["status", "left_on"])
    return follow_up


def follow_ups_remind(today=None) -> int:
    """Remind once of each follow-up that has fallen due and is still open: the employer's members (their page) and
    the staff responsible for the position's region (the staff page). Safe to rerun."""
    today = today or timezone.localdate()
    due = (
        FollowUp.objects.open()
        .filter(due_on__lte=today, reminded_at__isnull=True)
        .select_related("record__organization", "record__position__region__parent__parent")
        .order_by("due_on", "pk")
    )
    count = 0
    staff_by_region: dict[int, list] = {}
    for follow_up in due:
        record = follow_up.record
        region = record.position.region
        if region.pk not in staff_by_region:
            staff_by_region[region.pk] = region_staff(region)
            if not staff_by_region[region.pk]:
                logger.warning("no bureau staff for region %s: follow-up reminders go to the employer only", region)
        title = gettext_lazy("Employment follow-up due: %(position)s (%(months)s)")
        with transaction.atomic():
            recipients = [
                (m.user, "jobs:employer_follow_up") for m in record.organization.memberships.select_related("user")
            ]
            recipients += [(user, "jobs:staff_follow_up") for user in staff_by_region[region.pk]]
            for user, url_name in recipients:
                notify(
                    recipient=user,
                    event_key=f"jobs-followup-{follow_up.pk}-due",
                    kind="jobs_follow_up",
                    title=_reminder_title(title, user, record, follow_up),
                    url=reverse(url_name, args=[follow_up.pk]),
                )
            FollowUp.objects.filter(pk=follow_up.pk).update(reminded_at=timezone.now())
            count += 1
    return count


def _reminder_title(title, user, record, follow_up):
    return Message(title, position=record.position.title, months=FollowUp.Milestone(follow_up.months).label)
