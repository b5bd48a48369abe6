"""Every write of care visits: marking a veteran for visits, planning, recording a visit (with its follow-up tasks)
and closing tasks. The staff pages, the admin's actions and the daily beat task call these; each is audited."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.care.models import CareSubject, CareTask, CareVisit, Need, Reason
from portal.models import AuditLog
from portal.permissions import is_bureau_staff
from portal.services.audit import audit_record

INTERVALS = (30, 60, 90, 180)


def _audit(staff_user, target, what: str) -> None:
    audit_record(actor=staff_user, action=AuditLog.Action.OTHER, target=target, detail={"care": what})


def _plan_next(subject: CareSubject, after: datetime.date) -> CareVisit | None:
    """The subject's next planned visit, `interval_days` after `after`; none if one is planned already."""
    try:
        with transaction.atomic():
            due = after + datetime.timedelta(days=subject.interval_days)
            return CareVisit.objects.create(subject=subject, due_on=due)
    except IntegrityError:  # care_one_planned_visit_per_subject: another run planned it
        return None


@transaction.atomic
def care_subject_mark(*, veteran, staff_user, reasons: list[str], interval_days: int, note: str = "") -> CareSubject:
    """Mark a veteran for regular visits; the first visit is due today. Marking again updates reasons and interval."""
    reasons = [r for r in dict.fromkeys(reasons) if r in Reason.values]
    if not reasons:
        raise ValidationError({"reasons": _("Choose at least one reason for the visits.")})
    if interval_days not in INTERVALS:
        raise ValidationError({"interval_days": _("Choose how often to visit.")})
    subject, created = CareSubject.objects.select_for_update().get_or_create(
        veteran=veteran,
        defaults={"reasons": reasons, "interval_days": interval_days, "note": note, "marked_by": staff_user},
    )
    if not created:
        subject.reasons, subject.interval_days, subject.note, subject.active = reasons, interval_days, note, True
        subject.save(update_fields=["reasons", "interval_days", "note", "active"])
    if not subject.visits.planned().exists():
        CareVisit.objects.create(subject=subject, due_on=timezone.localdate())
    _audit(staff_user, subject, "marked")
    return subject


@transaction.atomic
def care_subject_end(*, subject: CareSubject, staff_user, reason: str) -> CareSubject:
    """No more visits (moved away, passed away, no longer needed): the planned visit is cancelled."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason the visits end.")})
    subject = CareSubject.objects.select_for_update().get(pk=subject.pk)
    subject.active, subject.note = False, reason.strip()[:300]
    subject.save(update_fields=["active", "note"])
    subject.visits.planned().update(status=CareVisit.Status.CANCELLED)
    _audit(staff_user, subject, "ended")
    return subject


def care_visits_plan() -> int:
    """Plan a visit for every active subject without one (the daily beat task); safe to run at any time."""
    planned = 0
    waiting = CareSubject.objects.filter(active=True).exclude(visits__status=CareVisit.Status.PLANNED)
    for subject in waiting:
        last = subject.visits.filter(status=CareVisit.Status.DONE).order_by("-visited_on").first()
        start = last.visited_on if last else timezone.localdate() - datetime.timedelta(days=subject.interval_days)
        planned += _plan_next(subject, start) is not None
    return planned


def _check_task(row: dict, visited_on: datetime.date) -> None:
    if row.get("need") not in Need.values:
        raise ValidationError({"tasks": _("Each follow-up task needs one of the needs.")})
    if not (row.get("description") or "").strip():
        raise ValidationError({"tasks": _("Say what the follow-up task is.")})
    assignee = row.get("assigned_to")
    if assignee is None or not is_bureau_staff(assignee):
        raise ValidationError({"tasks": _("A follow-up task is assigned to a member of the bureau's staff.")})
    if row.get("due_on") is None or row["due_on"] < visited_on:
        raise ValidationError({"tasks": _("A follow-up task is due on or after the visit.")})


@transaction.atomic
def care_visit_record(
    *,
    visit: CareVisit,
    staff_user,
    visited_on: datetime.date,
    visitors: str,
    condition: str,
    needs: list[str],
    notes: str = "",
    tasks: list[dict] = (),
) -> CareVisit:
    """Record a planned visit: who went, the person's condition and needs, and a follow-up task per need raised
    (`tasks`: dicts of need, description, assigned_to, due_on). The next visit is planned from the visit's date."""
    visit = CareVisit.objects.select_for_update().select_related("subject").get(pk=visit.pk)
    if not visit.is_planned():
        raise ValidationError(_("This visit has already been recorded or cancelled."))
    if visited_on > timezone.localdate():
        raise ValidationError({"visited_on": _("A visit cannot be recorded before it happens.")})
    if not (visitors or "").strip():
        raise ValidationError({"visitors": _("Say who made the visit.")})
    if condition not in CareVisit.Condition.values:
        raise ValidationError({"condition": _("Choose the person's condition.")})
    for row in tasks:
        _check_task(row, visited_on)
    visit.status, visit.visited_on, visit.visitors, visit.condition = (
        CareVisit.Status.DONE,
        visited_on,
        visitors,
        condition,
    )
    visit.needs = [n for n in dict.fromkeys(needs) if n in Need.values]
    visit.notes, visit.recorded_by, visit.recorded_at = notes, staff_user, timezone.now()
    visit.save()
    for row in tasks:
        CareTask.objects.create(
            visit=visit,
            need=row["need"],
            description=row["description"].strip(),
            assigned_to=row["assigned_to"],
            due_on=row["due_on"],
        )
    if visit.subject.active:
        _plan_next(visit.subject, visited_on)
    _audit(staff_user, visit, "visited")
    return visit


@transaction.atomic
def care_task_close(*, task: CareTask, staff_user, outcome: str) -> CareTask:
    task = CareTask.objects.select_for_update().get(pk=task.pk)
    if task.status == CareTask.Status.CLOSED:
        raise ValidationError(_("This task is already closed."))
    if not (outcome or "").strip():
        raise ValidationError({"outcome": _("Say what was done.")})
    task.status, task.outcome, task.closed_by, task.closed_at = (
        CareTask.Status.CLOSED,
        outcome,
        staff_user,
        timezone.now(),
    )
    task.save(update_fields=["status", "outcome", "closed_by", "closed_at"])
    _audit(staff_user, task, "task closed")
    return task
