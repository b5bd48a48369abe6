"""Enrolment in a class: a seat, approval or the waitlist in arrival order; withdrawal and rejection free a
seat for the next in line; completion records the result and certifies a pass."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.capacity import Places
from portal.events import training_graduated
from portal.exceptions import AccessDenied
from portal.messages import Message
from portal.models import AuditLog, FamilyMemberProfile, VeteranProfile
from portal.permissions import is_bureau_staff
from portal.services.audit import audit_record
from portal.services.family import family_profile_require_verified
from portal.services.notifications import notify
from portal.services.status_history import status_change_record
from training.models import Course, Enrollment, TrainingClass
from training.permissions import can_manage_enrollment
from training.selectors import attendance_rate
from training.services.certificates import certificate_issue

KIND = "training"
PASS_SCORE = 60
S = Enrollment.Status


def class_seats(training_class: TrainingClass) -> Places:
    """Seats of a class: pending, enrolled and finished enrolments hold one; the waitlist holds none. Enrolment and
    promotion decide through this, and the class page shows it (剩余 N / 名额已满: enrolling joins the waitlist)."""
    return Places(training_class.capacity, training_class.enrollments.holding_seat().count())


def _lock_class(training_class_id: int) -> TrainingClass:
    # FOR UPDATE on the class row serializes every seat decision for this class: counting seats and taking one
    # happen as one step, so concurrent enrolments cannot over-book, and the arrival sequence is strictly ordered.
    return TrainingClass.objects.select_for_update().select_related("course").get(pk=training_class_id)


def _notify_status(enrollment: Enrollment, event: str) -> None:
    messages = {
        "enrolled": gettext_lazy("You are enrolled in %(cls)s"),
        "pending": gettext_lazy("Your enrolment in %(cls)s awaits the institution's approval"),
        "waitlisted": gettext_lazy("You are on the waitlist of %(cls)s"),
        "promoted": gettext_lazy("A seat opened: you are now enrolled in %(cls)s"),
        "promoted_pending": gettext_lazy("A seat opened in %(cls)s; your enrolment awaits approval"),
        "approved": gettext_lazy("Your enrolment in %(cls)s was approved"),
        "rejected": gettext_lazy("Your enrolment in %(cls)s was not accepted"),
        "completed": gettext_lazy("You completed %(cls)s"),
        "not_completed": gettext_lazy("%(cls)s ended without completion"),
    }
    title = Message(messages[event], cls=enrollment.training_class)
    notify(
        recipient=enrollment.veteran,
        event_key=f"training.enrollment.{enrollment.pk}.{event}",
        kind=KIND,
        title=title,
        body=enrollment.reason,
        url=reverse("training:my_training"),
    )


def enrollment_create(*, training_class: TrainingClass, veteran, now=None) -> Enrollment:
    """Enrol a veteran: a seat if one is free (enrolled, or pending when the course needs approval), else the
    waitlist, in arrival order."""
    if training_class.course.course_type == Course.Type.SERVICE_STAFF:
        # 服务管理人员培训 (the "+1" of the 5+1 system) trains the bureau's own service staff, not veterans.
        if not is_bureau_staff(veteran):
            raise ValidationError(_("This course trains the bureau's service and management staff."))
        profile = None
    else:
        profile = _trainee_profile(training_class, veteran)
    return _enrol_locked(training_class, veteran, profile, now or timezone.now())


def _trainee_profile(training_class: TrainingClass, veteran):
    """The veteran's verified registration, or a verified family member's profile where the class admits them."""
    profile = VeteranProfile.objects.filter(user=veteran).select_related("region").first()
    if profile is None and FamilyMemberProfile.objects.filter(user=veteran).exists():
        profile = family_profile_require_verified(user=veteran)  # a family member, once staff verified the link
        if not training_class.open_to_families:
            raise ValidationError(_("This class is open to veterans only, not to family members."))
    elif profile is None or not profile.is_verified():
        raise ValidationError(_("Only veterans with a verified profile can enrol in training."))
    return profile


def _enrol_locked(training_class: TrainingClass, veteran, profile, now) -> Enrollment:
    with transaction.atomic():
        cls = _lock_class(training_class.pk)
        if not cls.course.is_published:
            raise ValidationError(_("This course is not open for enrolment."))
        if now < cls.enrolment_opens:
            raise ValidationError(_("Enrolment for this class has not opened yet."))
        if now > cls.enrolment_closes:
            raise ValidationError(_("Enrolment for this class has closed."))
        if (
            profile is not None
            and not cls.cross_region
            and profile.region_id
            and cls.region.province_code != profile.region.province_code
        ):
            raise ValidationError(_("This class only accepts veterans living in its province."))
        if cls.enrollments.filter(veteran=veteran, status__in=Enrollment.ACTIVE_STATUSES).exists():
            raise ValidationError(_("You have already enrolled in this class."))
        # Veterans already waiting take any free seat before a newcomer does (a seat can be free while people
        # wait only if the capacity was raised outside class_update, e.g. straight in the database).
        waitlist_promote(cls)
        seat_status = S.ENROLLED if cls.course.auto_approve else S.PENDING
        status = S.WAITLISTED if class_seats(cls).full else seat_status
        cls.enrolment_sequence += 1
        cls.save(update_fields=["enrolment_sequence"])
        try:
            with transaction.atomic():
                enrollment = Enrollment.objects.create(
                    training_class=cls, veteran=veteran, status=status, sequence=cls.enrolment_sequence
                )
        except IntegrityError as exc:
            raise ValidationError(_("You have already enrolled in this class.")) from exc
        status_change_record(subject=enrollment, from_status="", to_status=status, actor=veteran)
        _notify_status(enrollment, status)
    return enrollment


def _promote_next(cls: TrainingClass) -> Enrollment | None:
    """Give a freed seat to the first veteran on the waitlist. Call with the class row locked."""
    if class_seats(cls).full:
        return None
    nxt = cls.enrollments.waitlisted().first()
    if nxt is None:
        return None
    nxt.status = S.ENROLLED if cls.course.auto_approve else S.PENDING
    nxt.decided_at = timezone.now()
    nxt.save(update_fields=["status", "decided_at"])
    status_change_record(subject=nxt, from_status=S.WAITLISTED, to_status=nxt.status)
    _notify_status(nxt, "promoted" if nxt.status == S.ENROLLED else "promoted_pending")
    return nxt


def waitlist_promote(cls: TrainingClass) -> list[Enrollment]:
    """Fill every free seat from the waitlist, in arrival order, each promoted veteran notified. Call with the
    class row locked (after a withdrawal, a rejection or a capacity raise)."""
    promoted = []
    while (nxt := _promote_next(cls)) is not None:
        promoted.append(nxt)
    return promoted


def _reload_locked(enrollment: Enrollment) -> tuple[TrainingClass, Enrollment]:
    cls = _lock_class(enrollment.training_class_id)
    return cls, Enrollment.objects.select_for_update().get(pk=enrollment.pk)


@transaction.atomic
def enrollment_withdraw(*, enrollment: Enrollment, veteran) -> Enrollment:
    cls, enrollment = _reload_locked(enrollment)
    if enrollment.veteran_id != veteran.pk:
        raise AccessDenied(_("This is not your enrolment."), hide=True)
    if not enrollment.can_withdraw():
        raise ValidationError(_("This enrolment can no longer be withdrawn."))
    held_seat, from_status = enrollment.holds_seat(), enrollment.status
    enrollment.status = S.WITHDRAWN
    enrollment.decided_at = timezone.now()
    enrollment.save(update_fields=["status", "decided_at"])
    status_change_record(subject=enrollment, from_status=from_status, to_status=S.WITHDRAWN, actor=veteran)
    if held_seat:
        waitlist_promote(cls)
    return enrollment


@transaction.atomic
def enrollment_approve(*, enrollment: Enrollment, actor) -> Enrollment:
    _cls, enrollment = _reload_locked(enrollment)
    if not can_manage_enrollment(actor, enrollment):
        raise AccessDenied(_("You cannot manage this class."))
    if not enrollment.can_be_approved():
        raise ValidationError(_("Only enrolments awaiting approval can be approved."))
    enrollment.status = S.ENROLLED
    enrollment.decided_at = timezone.now()
    enrollment.save(update_fields=["status", "decided_at"])
    status_change_record(subject=enrollment, from_status=S.PENDING, to_status=S.ENROLLED, actor=actor)
    audit_record(actor=actor, action=AuditLog.Action.APPROVE, target=enrollment)
    _notify_status(enrollment, "approved")
    return enrollment


@transaction.atomic
def enrollment_reject(*, enrollment: Enrollment, actor, reason: str) -> Enrollment:
    cls, enrollment = _reload_locked(enrollment)
    if not can_manage_enrollment(actor, enrollment):
        raise AccessDenied(_("You cannot manage this class."))
    if not enrollment.can_be_rejected():
        raise ValidationError(_("This enrolment can no longer be rejected."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Please give a reason.")})
    held_seat, from_status = enrollment.holds_seat(), enrollment.status
    enrollment.status = S.REJECTED
    enrollment.reason = reason.strip()[:300]
    enrollment.decided_at = timezone.now()
    enrollment.save(update_fields=["status", "reason", "decided_at"])
    status_change_record(
        subject=enrollment, from_status=from_status, to_status=S.REJECTED, actor=actor, note=enrollment.reason
    )
    audit_record(actor=actor, action=AuditLog.Action.REJECT, target=enrollment, detail={"reason": enrollment.reason})
    _notify_status(enrollment, "rejected")
    if held_seat:
        waitlist_promote(cls)
    return enrollment


@transaction.atomic
def enrollment_complete(*, enrollment: Enrollment, actor, exam_score: int | None = None) -> Enrollment:
    """Record the result: completed (and certified) when attendance reaches the course's threshold and the exam,
    if any, is passed; otherwise not completed."""
    cls, enrollment = _reload_locked(enrollment)
    if not can_manage_enrollment(actor, enrollment):
        raise AccessDenied(_("You cannot manage this class."))
    if not enrollment.can_be_completed():
        raise ValidationError(_("Only enrolled veterans can be marked as completed."))
    if exam_score is not None and not 0 <= exam_score <= 100:
        raise ValidationError({"exam_score": _("The exam score must be between 0 and 100.")})
    rate = attendance_rate(enrollment)
    passed = rate >= cls.course.attendance_threshold and (exam_score is None or exam_score >= PASS_SCORE)
    enrollment.exam_score = exam_score
    enrollment.status = S.COMPLETED if passed else S.NOT_COMPLETED
    enrollment.completed_at = timezone.now()
    if not passed:
        enrollment.reason = _("Attendance %(rate)s%% (needed %(needed)s%%), exam score %(score)s.") % {
            "rate": rate,
            "needed": cls.course.attendance_threshold,
            "score": "—" if exam_score is None else exam_score,
        }
    enrollment.save(update_fields=["exam_score", "status", "completed_at", "reason"])
    status_change_record(
        subject=enrollment, from_status=S.ENROLLED, to_status=enrollment.status, actor=actor, note=enrollment.reason
    )
    if passed and not cls.course.leads_to_assessment():
        # A skill level course ends in an assessment: its certificate is issued when the result is recorded.
        certificate_issue(enrollment=enrollment)
    _notify_status(enrollment, "completed" if passed else "not_completed")
    if passed:
        # The jobs app (if installed) listens and proposes matching positions once this commits.
        training_graduated.send(
            sender=Enrollment,
            enrollment_id=enrollment.pk,
            user_id=enrollment.veteran_id,
            course_title=cls.course.title,
            occupation_ids=list(cls.course.target_occupations.values_list("pk", flat=True)),
        )
    return enrollment
