"""Booths at a job fair: an employer asks for one with its published positions; staff approve it (the lowest free
number, never over the fair's booth count, even under concurrency) or reject it with a reason."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobs.fair_places import booth_places
from jobs.models import Booth, JobFair
from jobs.permissions import can_manage_booth
from portal.exceptions import AccessDenied
from portal.messages import Message
from portal.models import AuditLog
from portal.services.audit import audit_record
from portal.services.notifications import notify


@transaction.atomic
def booth_apply(*, fair: JobFair, organization, user, positions, note: str = "") -> Booth:
    """An employer asks for a booth and attaches published positions of its own."""
    if not organization.is_verified():
        raise ValidationError(_("Only verified employers can take a booth."))
    if fair.ends_at < timezone.now():
        raise ValidationError(_("This fair is over."))
    positions = list(positions)
    if any(p.organization_id != organization.pk for p in positions):
        raise ValidationError({"positions": _("You can only bring your own organization's positions.")})
    if any(not p.is_published() for p in positions):
        raise ValidationError({"positions": _("Only published positions can be brought to a fair.")})
    if Booth.objects.filter(fair=fair, organization=organization).exists():
        raise ValidationError(_("Your organization has already applied for a booth at this fair."))
    try:
        with transaction.atomic():
            booth = Booth.objects.create(fair=fair, organization=organization, note=(note or "")[:300])
    except IntegrityError:
        raise ValidationError(_("Your organization has already applied for a booth at this fair.")) from None
    booth.positions.set(positions)
    return booth


@transaction.atomic
def booth_set_positions(*, booth: Booth, user, positions) -> Booth:
    if not can_manage_booth(user, booth):
        raise AccessDenied(_("This booth belongs to another employer."), hide=True)
    positions = list(positions)
    if any(p.organization_id != booth.organization_id or not p.is_published() for p in positions):
        raise ValidationError({"positions": _("Only your organization's published positions can be brought.")})
    booth.positions.set(positions)
    return booth


@transaction.atomic
def booth_approve(*, booth: Booth, staff, request=None) -> Booth:
    """Approve and give the lowest free number; the fair row is locked so two approvals never share a number."""
    fair = JobFair.objects.select_for_update().get(pk=booth.fair_id)
    booth = Booth.objects.select_for_update().get(pk=booth.pk)
    if booth.status == Booth.Status.APPROVED:
        return booth
    taken = set(Booth.objects.filter(fair=fair, number__isnull=False).values_list("number", flat=True))
    # Counted as well as numbered: a number above the booth count (left by an admin edit) still takes a booth.
    free = next((n for n in range(1, fair.booth_count + 1) if n not in taken), None)
    if free is None or booth_places(fair, taken=len(taken)).full:
        raise ValidationError(_("All %(count)s booths of this fair are taken.") % {"count": fair.booth_count})
    booth.status = Booth.Status.APPROVED
    booth.number = free
    booth.rejection_reason = ""
    booth.reviewed_by = staff
    booth.reviewed_at = timezone.now()
    booth.save(update_fields=["status", "number", "rejection_reason", "reviewed_by", "reviewed_at"])
    audit_record(actor=staff, action=AuditLog.Action.APPROVE, target=booth, request=request)
    for membership in booth.organization.memberships.select_related("user"):
        notify(
            recipient=membership.user,
            event_key=f"jobs-booth-{booth.pk}-approved",
            kind="jobs_booth",
            title=Message(gettext_lazy("Booth %(number)s approved at %(fair)s"), number=free, fair=fair.title),
            url=f"/jobs/fairs/{fair.pk}/",
        )
    return booth


@transaction.atomic
def booth_reject(*, booth: Booth, staff, reason: str, request=None) -> Booth:
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give a reason for rejecting the booth.")})
    booth = Booth.objects.select_for_update().get(pk=booth.pk)
    booth.status = Booth.Status.REJECTED
    booth.number = None
    booth.rejection_reason = reason.strip()[:300]
    booth.reviewed_by = staff
    booth.reviewed_at = timezone.now()
    booth.save(update_fields=["status", "number", "rejection_reason", "reviewed_by", "reviewed_at"])
    audit_record(actor=staff, action=AuditLog.Action.REJECT, target=booth, detail={"reason": reason}, request=request)
    return booth
