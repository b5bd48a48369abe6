"""Attendance: veterans check in with the rotating code of a session, trainers mark the roster by hand."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal.exceptions import AccessDenied
from training.models import Attendance, ClassSession, Enrollment
from training.permissions import can_manage_enrollment
from training.services import checkin

S = Enrollment.Status


def attendance_check_in(*, session: ClassSession, veteran, token: str = "", code: str = "", at=None) -> Attendance:
    """A veteran checks in with the QR token (or link) or the typed code currently shown for this session; wrong
    typed codes are limited (training.services.checkin.CODE_LIMIT)."""
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


@transaction.atomic
def attendance_mark(*, session: ClassSession, enrollment: Enrollment, actor, present: bool) -> Attendance | None:
    """The trainer marks one roster line present or absent by hand."""
    if not can_manage_enrollment(actor, enrollment) or enrollment.training_class_id != session.training_class_id:
        raise AccessDenied(_("You cannot manage this class."))
    if enrollment.status not in (S.ENROLLED, S.COMPLETED, S.NOT_COMPLETED):
        raise ValidationError(_("Only enrolled veterans can be marked present."))
    if not present:
        Attendance.objects.filter(session=session, enrollment=enrollment).delete()
        return None
    attendance, _created = Attendance.objects.get_or_create(
        session=session, enrollment=enrollment, defaults={"method": Attendance.Method.MANUAL, "recorded_by": actor}
    )
    return attendance
