"""Residency in incubator bases: apply, review (accept with an allocation / reject), renew, exit.

Occupancy never exceeds the base's workstations: acceptance locks the base row (SELECT ... FOR UPDATE), so
concurrent acceptances for one base run one after another and each sees the others' allocations.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entrepreneurship.models import Enterprise, IncubatorBase, Residency
from entrepreneurship.permissions import can_operate_base
from entrepreneurship.services.workstations import release_desks_of
from portal.exceptions import AccessDenied
from portal.messages import Message
from portal.models import AuditLog
from portal.services.audit import audit_record
from portal.services.notifications import notify
from portal.services.status_history import status_change_record


@transaction.atomic
def residency_apply(*, user, base: IncubatorBase, enterprise: Enterprise, workstations: int, message: str = ""):
    if enterprise.founder_id != user.pk:
        raise AccessDenied(_("This enterprise is not yours."), hide=True)
    if not base.is_active:
        raise ValidationError(_("This base is not accepting applications."))
    if workstations < 1:
        raise ValidationError({"workstations_requested": _("Ask for at least one workstation.")})
    if workstations > base.total_workstations:
        raise ValidationError(
            {"workstations_requested": _("This base has only %(n)s workstations.") % {"n": base.total_workstations}}
        )
    try:
        with transaction.atomic():
            residency = Residency.objects.create(
                base=base, enterprise=enterprise, workstations_requested=workstations, message=message
            )
    except IntegrityError:
        raise ValidationError(_("This project already has an open application or residency at this base."))
    status_change_record(subject=residency, from_status="", to_status=residency.status, actor=user, note=message)
    return residency


def _lock_for_review(residency: Residency, user) -> tuple[Residency, IncubatorBase]:
    # Base first, then the residency: every writer takes the locks in the same order.
    base = IncubatorBase.objects.select_for_update().get(pk=residency.base_id)
    residency = Residency.objects.select_for_update().select_related("enterprise").get(pk=residency.pk)
    if not can_operate_base(user, base):
        raise AccessDenied(_("You do not operate this incubator base."), hide=True)
    return residency, base


@transaction.atomic
def residency_accept(
    *, residency: Residency, user, workstations: int, start_date: datetime.date, end_date: datetime.date
) -> Residency:
    residency, base = _lock_for_review(residency, user)
    if not residency.awaits_review():
        raise ValidationError(_("Only a pending application can be accepted."))
    if workstations < 1:
        raise ValidationError({"workstations": _("Allocate at least one workstation.")})
    if end_date <= start_date:
        raise ValidationError({"end_date": _("The end date must be after the start date.")})
    occupied = base.residencies.active().aggregate(n=Sum("workstations_allocated"))["n"] or 0
    free = base.total_workstations - occupied
    if workstations > free:
        raise ValidationError(
            {
                "workstations": _("Only %(free)s of %(total)s workstations are free.")
                % {"free": max(free, 0), "total": base.total_workstations}
            }
        )
    residency.status = Residency.Status.ACTIVE
    residency.workstations_allocated = workstations
    residency.start_date, residency.end_date = start_date, end_date
    residency.reviewed_by, residency.reviewed_at = user, timezone.now()
    residency.save()
    status_change_record(
        subject=residency,
        from_status=Residency.Status.PENDING,
        to_status=residency.status,
        actor=user,
        note=f"{start_date:%Y-%m-%d} – {end_date:%Y-%m-%d}",
    )
    audit_record(actor=user, action=AuditLog.Action.APPROVE, target=residency, detail={"workstations": workstations})
    notify(
        recipient=residency.enterprise.founder,
        event_key=f"residency-accepted:{residency.pk}",
        kind="entrepreneurship",
        title=Message(_("Your residency at %(base)s was accepted"), base=base.name),
        body=Message(
            _("%(n)s workstations from %(start)s to %(end)s."), n=workstations, start=start_date, end=end_date
        ),
        url="/entrepreneurship/residencies/",
    )
    return residency


@transaction.atomic
def residency_reject(*, residency: Residency, user, reason: str) -> Residency:
    residency, base = _lock_for_review(residency, user)
    if not residency.awaits_review():
        raise ValidationError(_("Only a pending application can be rejected."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for rejecting the application.")})
    residency.status = Residency.Status.REJECTED
    residency.rejection_reason = reason.strip()
    residency.reviewed_by, residency.reviewed_at = user, timezone.now()
    residency.save()
    status_change_record(
        subject=residency,
        from_status=Residency.Status.PENDING,
        to_status=residency.status,
        actor=user,
        note=residency.rejection_reason,
    )
    audit_record(actor=user, action=AuditLog.Action.REJECT, target=residency, detail={"reason": reason})
    notify(
        recipient=residency.enterprise.founder,
        event_key=f"residency-rejected:{residency.pk}",
        kind="entrepreneurship",
        title=Message(_("Your residency application at %(base)s was not accepted"), base=base.name),
        body=reason,
        url="/entrepreneurship/residencies/",
    )
    return residency


@transaction.atomic
def residency_renew(*, residency: Residency, user, end_date: datetime.date) -> Residency:
    residency, _base = _lock_for_review(residency, user)
    if not residency.is_in_residence():
        raise ValidationError(_("Only an active residency can be renewed."))
    if end_date <= residency.end_date:
        raise ValidationError({"end_date": _("The new end date must be after the current one.")})
    previous_end = residency.end_date
    residency.end_date = end_date
    residency.renewals += 1
    residency.save(update_fields=["end_date", "renewals"])
    status_change_record(
        subject=residency,
        from_status=residency.status,
        to_status=residency.status,
        actor=user,
        note=f"{previous_end:%Y-%m-%d} → {end_date:%Y-%m-%d}",
    )
    return residency


@transaction.atomic
def residency_exit(*, residency: Residency, user, exited_on: datetime.date | None = None) -> Residency:
    """The operator, staff or the founder ends a residency; its workstations become free."""
    base = IncubatorBase.objects.select_for_update().get(pk=residency.base_id)
    residency = Residency.objects.select_for_update().select_related("enterprise").get(pk=residency.pk)
    if residency.enterprise.founder_id != user.pk and not can_operate_base(user, base):
        raise AccessDenied(_("This residency is not yours."), hide=True)
    from_status = residency.status
    if residency.awaits_review() and residency.enterprise.founder_id == user.pk:
        residency.status = Residency.Status.WITHDRAWN
        residency.save(update_fields=["status"])
        status_change_record(subject=residency, from_status=from_status, to_status=residency.status, actor=user)
        return residency
    if not residency.is_in_residence():
        raise ValidationError(_("Only an active residency can be ended."))
    residency.status = Residency.Status.EXITED
    residency.exited_on = exited_on or timezone.localdate()
    residency.save(update_fields=["status", "exited_on"])
    status_change_record(subject=residency, from_status=from_status, to_status=residency.status, actor=user)
    release_desks_of(residency)
    return residency


NOTICE_DAYS = 30


@transaction.atomic
def residency_end_at_term(*, residency: Residency, today: datetime.date) -> bool:
    """The beat task's step for one residency whose term has passed: it ends on its end date, desks freed."""
    base = IncubatorBase.objects.select_for_update().get(pk=residency.base_id)
    residency = Residency.objects.select_for_update().select_related("enterprise__founder").get(pk=residency.pk)
    if not residency.is_in_residence() or residency.end_date is None or residency.end_date >= today:
        return False  # renewed, ended by hand, or not due: a rerun does nothing
    residency.status = Residency.Status.EXITED
    residency.exited_on = residency.end_date
    residency.save(update_fields=["status", "exited_on"])
    status_change_record(subject=residency, from_status=Residency.Status.ACTIVE, to_status=residency.status)
    release_desks_of(residency)
    audit_record(actor=None, action=AuditLog.Action.OTHER, target=residency, detail={"event": "ended_at_term"})
    notify(
        recipient=residency.enterprise.founder,
        event_key=f"residency-ended:{residency.pk}",
        kind="entrepreneurship",
        title=Message(_("Your residency at %(base)s has ended"), base=base.name),
        body=Message(_("The term ended on %(end)s."), end=residency.end_date),
        url="/entrepreneurship/residencies/",
    )
    return True


@transaction.atomic
def residency_send_expiry_notice(*, residency: Residency, today: datetime.date) -> bool:
    """Tell the founder and the operator NOTICE_DAYS before the end; once per end date (a renewal earns a new one)."""
    residency = (
        Residency.objects.select_for_update()
        .select_related("enterprise__founder", "base__operator")
        .get(pk=residency.pk)
    )
    if (
        residency.status != Residency.Status.ACTIVE
        or residency.end_date is None
        or residency.expiry_notice_for == residency.end_date
        or residency.end_date > today + datetime.timedelta(days=NOTICE_DAYS)
    ):
        return False
    residency.expiry_notice_for = residency.end_date
    residency.save(update_fields=["expiry_notice_for"])
    recipients = [residency.enterprise.founder] + [
        m.user for m in residency.base.operator.memberships.select_related("user")
    ]
    for recipient in recipients:
        notify(
            recipient=recipient,
            event_key=f"residency-ending:{residency.pk}:{residency.end_date}",
            kind="entrepreneurship",
            title=Message(
                _("The residency of %(project)s at %(base)s ends on %(end)s"),
                project=residency.enterprise.name,
                base=residency.base.name,
                end=residency.end_date,
            ),
            body=Message(_("Renew it with the operator before then, or plan the move out.")),
            url="/entrepreneurship/residencies/",
        )
    return True
