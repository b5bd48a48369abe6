"""Attendance: veterans check in with the rotating code of a session while it runs (with a grace period either
side, settings.TRAINING_CHECKIN_GRACE_MINUTES); trainers mark the roster by hand, and after the session only with
a reason (an override the audit log keeps)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.exceptions import AccessDenied
from portal.models import AuditLog
from portal.services.audit import audit_record
from training.models import Attendance, ClassSession, Enrollment
from training.permissions import can_manage_enrollment
from training.services import checkin

S = Enrollment.Status


def attendance_check_in(*, session: ClassSession, veteran, token: str = "", code: str = "", at=None) -> Attendance:
    """A veteran checks in with the QR token (or link) or the typed code currently shown for this session, while
    the session's check-in window is open; wrong typed codes are limited (training.services.checkin.CODE_LIMIT).
    `at`: a Unix time (tests), else now."""
    now = datetime.datetime.fromtimestamp(at, tz=datetime.UTC) if at is not None else timezone.now()
    if not session.accepts_check_in(now):
        raise ValidationError({"code": _window_message(session)})
    if token:
        ok, method = checkin.token_is_valid(session.pk, token, at), Attendance.Method.QR
    else:
        if not checkin.code_attempts_left(session.pk, veteran.pk, at):
            raise ValidationError(
                {"code": _("Too many wrong codes. Scan the QR code instead, or ask the trainer to mark you present.")}
            )
        ok, method = checkin.code_is_valid(session.pk, code, at), Attendance.Method.CODE
        if not ok:
            checkin.code_attempt_failed(session.pk, veteran.pk, at)
    if not ok:
        raise ValidationError(
            {"code": _("This check-in code is not valid for this session or has expired. Scan the current one.")}
        )
    enrollment = Enrollment.objects.filter(
        training_class_id=session.training_class_id, veteran=veteran, status=S.ENROLLED
    ).first()
    if enrollment is None:
        raise AccessDenied(_("You are not enrolled in this class, so you cannot check in."))
    attendance, _created = Attendance.objects.get_or_create(
        session=session, enrollment=enrollment, defaults={"method": method, "recorded_by": veteran}
    )
    return attendance


def _window_message(session: ClassSession) -> str:
    return _("Check-in for this session is open only from %(opens)s to %(closes)s.") % {
        "opens": f"{timezone.localtime(session.check_in_opens()):%Y-%m-%d %H:%M}",
        "closes": f"{timezone.localtime(session.check_in_closes()):%Y-%m-%d %H:%M}",
    }


@transaction.atomic
def attendance_mark(
    *, session: ClassSession, enrollment: Enrollment, actor, present: bool, reason: str = "", now=None
) -> Attendance | None:
    """The trainer marks one roster line present or absent by hand: during the check-in window freely, after it
    only with a reason (recorded on the attendance and in the audit log), never before the session."""
    now = now or timezone.now()
    reason = (reason or "").strip()[:300]
    if not can_manage_enrollment(actor, enrollment) or enrollment.training_class_id != session.training_class_id:
        raise AccessDenied(_("You cannot manage this class."))
    if enrollment.status not in (S.ENROLLED, S.COMPLETED, S.NOT_COMPLETED):
        raise ValidationError(_("Only enrolled veterans can be marked present."))
    if now < session.check_in_opens():
        raise ValidationError(_("This session has not started yet; attendance is taken once it starts."))
    override = not session.accepts_check_in(now)
    if override and not reason:
        raise ValidationError(
            {"reason": _("This session is over. To change its attendance, give a reason; it is recorded.")}
        )
    if not present:
        deleted, _rows = Attendance.objects.filter(session=session, enrollment=enrollment).delete()
        if deleted and override:
            audit_record(
                actor=actor,
                action=AuditLog.Action.OTHER,
                target=enrollment,
                detail={"attendance_override": "absent", "session": session.pk, "reason": reason},
            )
        return None
    attendance, created = Attendance.objects.get_or_create(
        session=session,
        enrollment=enrollment,
        defaults={
            "method": Attendance.Method.MANUAL,
            "recorded_by": actor,
            "override_reason": reason if override else "",
            "checked_in_at": now,
        },
    )
    if created and override:
        audit_record(
            actor=actor,
            action=AuditLog.Action.OTHER,
            target=attendance,
            detail={"attendance_override": "present", "session": session.pk, "reason": reason},
        )
    return attendance
