"""Employment follow-up (就业跟踪): record the 1/3/6-month checks; remind employers and staff when one is due."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobs.models import EmploymentRecord, FollowUp
from jobs.permissions import employer_organizations
from portal.exceptions import AccessDenied
from portal.models import User
from portal.permissions import is_bureau_staff
from portal.services.notifications import notify


def can_record_follow_up(user, follow_up: FollowUp) -> bool:
    if is_bureau_staff(user):
        return True
    return employer_organizations(user).filter(pk=follow_up.record.organization_id).exists()


@transaction.atomic
def follow_up_record(*, follow_up: FollowUp, actor, still_employed: bool, reason: str = "") -> FollowUp:
    follow_up = FollowUp.objects.select_for_update().select_related("record").get(pk=follow_up.pk)
    if not can_record_follow_up(actor, follow_up):
        raise AccessDenied(_("You cannot record follow-ups for another employer's hires."), hide=True)
    if follow_up.is_done():
        raise ValidationError(_("This follow-up has already been recorded."))
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
    """Notify the employer's members (and bureau staff) of each due, unrecorded, not yet reminded follow-up."""
    today = today or timezone.localdate()
    due = FollowUp.objects.filter(due_on__lte=today, done_at__isnull=True, reminded_at__isnull=True).select_related(
        "record__organization", "record__position"
    )
    staff = list(User.objects.filter(is_staff=True, is_active=True))
    count = 0
    for follow_up in due:
        with transaction.atomic():
            record = follow_up.record
            recipients = {m.user for m in record.organization.memberships.select_related("user")} | set(staff)
            for user in recipients:
                notify(
                    recipient=user,
                    event_key=f"jobs-followup-{follow_up.pk}-due",
                    kind="jobs_follow_up",
                    title=_("Employment follow-up due: %(position)s (%(months)s)")
                    % {"position": record.position.title, "months": follow_up.get_months_display()},
                    url=f"/jobs/employer/follow-ups/{follow_up.pk}/",
                )
            FollowUp.objects.filter(pk=follow_up.pk).update(reminded_at=timezone.now())
            count += 1
    return count
