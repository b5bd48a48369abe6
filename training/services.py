"""Every write of the training app: one transaction each, side effects (notifications) queued on commit."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.exceptions import AccessDenied
from portal.models import AuditLog, FamilyMemberProfile, VeteranProfile
from portal.search import index_row
from portal.services.audit import audit_record
from portal.services.family import family_profile_require_verified
from portal.services.notifications import notify
from training import checkin
from training.models import (
    Attendance,
    Certificate,
    ClassSession,
    Course,
    Enrollment,
    Evaluation,
    SubsidyClaim,
    TrainingClass,
)
from training.permissions import can_manage_enrollment
from training.selectors import attendance_rate

KIND = "training"
PASS_SCORE = 60
S = Enrollment.Status


# --- catalogue ------------------------------------------------------------------------------------------------------


def course_index(course: Course) -> None:
    """Index the course's words; its module and type labels in every site language, so the index is the same
    whichever language the saving user reads (and both languages' words find it)."""
    occupations = " ".join(o.name for o in course.target_occupations.all())
    labels = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            labels += [str(course.get_module_display()), str(course.get_course_type_display())]
    body = " ".join([course.description, *dict.fromkeys(labels), occupations])
    index_row(course, title=course.title, body=f"{body} {course.institution.name}")


@transaction.atomic
def course_save(*, course: Course, occupations=None) -> Course:
    """Create or update a course (its institution must be a verified training institution)."""
    if not course.institution.is_verified() or course.institution.org_type != "institution":
        raise ValidationError(_("Only verified training institutions can publish courses."))
    if not course.subsidy_eligible:
        course.subsidy_amount = Decimal("0")
    course.full_clean()
    course.save()
    if occupations is not None:
        course.target_occupations.set(occupations)
    course_index(course)
    return course


@transaction.atomic
def class_save(*, training_class: TrainingClass) -> TrainingClass:
    training_class.full_clean()
    training_class.save()
    return training_class


@transaction.atomic
def session_save(*, session: ClassSession) -> ClassSession:
    if session.ends_at <= session.starts_at:
        raise ValidationError({"ends_at": _("A session must end after it starts.")})
    session.full_clean()
    session.save()
    return session


# --- enrolment ------------------------------------------------------------------------------------------------------


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
    with translation.override(enrollment.veteran.language or settings.LANGUAGE_CODE):
        title = str(messages[event]) % {"cls": enrollment.training_class}
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
    profile = VeteranProfile.objects.filter(user=veteran).select_related("region").first()
    if profile is None and FamilyMemberProfile.objects.filter(user=veteran).exists():
        profile = family_profile_require_verified(user=veteran)  # a family member, once staff verified the link
        if not training_class.open_to_families:
            raise ValidationError(_("This class is open to veterans only, not to family members."))
    elif profile is None or not profile.is_verified():
        raise ValidationError(_("Only veterans with a verified profile can enrol in training."))
    now = now or timezone.now()
    with transaction.atomic():
        cls = _lock_class(training_class.pk)
        if not cls.course.is_published:
            raise ValidationError(_("This course is not open for enrolment."))
        if now < cls.enrolment_opens:
            raise ValidationError(_("Enrolment for this class has not opened yet."))
        if now > cls.enrolment_closes:
            raise ValidationError(_("Enrolment for this class has closed."))
        if not cls.cross_region and profile.region_id and cls.region.province_code != profile.region.province_code:
            raise ValidationError(_("This class only accepts veterans living in its province."))
        if cls.enrollments.filter(veteran=veteran, status__in=Enrollment.ACTIVE_STATUSES).exists():
            raise ValidationError(_("You have already enrolled in this class."))
        if cls.enrollments.holding_seat().count() < cls.capacity:
            status = S.ENROLLED if cls.course.auto_approve else S.PENDING
        else:
            status = S.WAITLISTED
        cls.enrolment_sequence += 1
        cls.save(update_fields=["enrolment_sequence"])
        try:
            with transaction.atomic():
                enrollment = Enrollment.objects.create(
                    training_class=cls, veteran=veteran, status=status, sequence=cls.enrolment_sequence
                )
        except IntegrityError as exc:
            raise ValidationError(_("You have already enrolled in this class.")) from exc
        _notify_status(enrollment, status)
    return enrollment


def _promote_next(cls: TrainingClass) -> Enrollment | None:
    """Give a freed seat to the first veteran on the waitlist. Call with the class row locked."""
    if cls.enrollments.holding_seat().count() >= cls.capacity:
        return None
    nxt = cls.enrollments.waitlisted().first()
    if nxt is None:
        return None
    nxt.status = S.ENROLLED if cls.course.auto_approve else S.PENDING
    nxt.decided_at = timezone.now()
    nxt.save(update_fields=["status", "decided_at"])
    _notify_status(nxt, "promoted" if nxt.status == S.ENROLLED else "promoted_pending")
    return nxt


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
    held_seat = enrollment.holds_seat()
    enrollment.status = S.WITHDRAWN
    enrollment.decided_at = timezone.now()
    enrollment.save(update_fields=["status", "decided_at"])
    if held_seat:
        _promote_next(cls)
    return enrollment


@transaction.atomic
def enrollment_approve(*, enrollment: Enrollment, actor) -> Enrollment:
    _cls, enrollment = _reload_locked(enrollment)
    if not can_manage_enrollment(actor, enrollment):
        raise AccessDenied(_("You cannot manage this class."))
    if enrollment.status != S.PENDING:
        raise ValidationError(_("Only enrolments awaiting approval can be approved."))
    enrollment.status = S.ENROLLED
    enrollment.decided_at = timezone.now()
    enrollment.save(update_fields=["status", "decided_at"])
    audit_record(actor=actor, action=AuditLog.Action.APPROVE, target=enrollment)
    _notify_status(enrollment, "approved")
    return enrollment


@transaction.atomic
def enrollment_reject(*, enrollment: Enrollment, actor, reason: str) -> Enrollment:
    cls, enrollment = _reload_locked(enrollment)
    if not can_manage_enrollment(actor, enrollment):
        raise AccessDenied(_("You cannot manage this class."))
    if enrollment.status not in (S.PENDING, S.ENROLLED, S.WAITLISTED):
        raise ValidationError(_("This enrolment can no longer be rejected."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Please give a reason.")})
    held_seat = enrollment.holds_seat()
    enrollment.status = S.REJECTED
    enrollment.reason = reason.strip()[:300]
    enrollment.decided_at = timezone.now()
    enrollment.save(update_fields=["status", "reason", "decided_at"])
    audit_record(actor=actor, action=AuditLog.Action.REJECT, target=enrollment, detail={"reason": enrollment.reason})
    _notify_status(enrollment, "rejected")
    if held_seat:
        _promote_next(cls)
    return enrollment


# --- attendance -----------------------------------------------------------------------------------------------------


def attendance_check_in(*, session: ClassSession, veteran, token: str = "", code: str = "", at=None) -> Attendance:
    """A veteran checks in with the QR token or the typed code currently shown for this session."""
    if token:
        ok, method = checkin.token_is_valid(session.pk, token, at), Attendance.Method.QR
    else:
        ok, method = checkin.code_is_valid(session.pk, code, at), Attendance.Method.CODE
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


# --- completion and certificates ------------------------------------------------------------------------------------


@transaction.atomic
def enrollment_complete(*, enrollment: Enrollment, actor, exam_score: int | None = None) -> Enrollment:
    """Record the result: completed (and certified) when attendance reaches the course's threshold and the exam,
    if any, is passed; otherwise not completed."""
    cls, enrollment = _reload_locked(enrollment)
    if not can_manage_enrollment(actor, enrollment):
        raise AccessDenied(_("You cannot manage this class."))
    if enrollment.status != S.ENROLLED:
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
    if passed:
        certificate_issue(enrollment=enrollment)
    _notify_status(enrollment, "completed" if passed else "not_completed")
    return enrollment


def certificate_number(enrollment: Enrollment) -> str:
    year = timezone.localtime().year
    return f"TC{year}{enrollment.training_class.course.institution_id:04d}{enrollment.pk:08d}"


@transaction.atomic
def certificate_issue(*, enrollment: Enrollment) -> Certificate:
    if enrollment.status != S.COMPLETED:
        raise ValidationError(_("A certificate is issued only for a completed class."))
    existing = Certificate.objects.filter(enrollment=enrollment).first()
    if existing:
        return existing
    profile = VeteranProfile.objects.get(user_id=enrollment.veteran_id)
    return Certificate.objects.create(
        enrollment=enrollment,
        number=certificate_number(enrollment),
        holder_name=profile.real_name,
        certificate_type=enrollment.training_class.course.certificate_type,
    )


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, actor, reason: str) -> Certificate:
    """The institution that issued it (or bureau staff) revokes a certificate, with a reason; it then verifies as
    revoked and the holder is told."""
    certificate = Certificate.objects.select_for_update().select_related("enrollment__veteran").get(pk=certificate.pk)
    if not can_manage_enrollment(actor, certificate.enrollment):
        raise AccessDenied(_("You cannot manage this class."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Please give a reason.")})
    if certificate.revoked_at:
        raise ValidationError(_("This certificate is already revoked."))
    certificate.revoked_at = timezone.now()
    certificate.revoke_reason = reason.strip()[:300]
    certificate.save(update_fields=["revoked_at", "revoke_reason"])
    audit_record(actor=actor, action=AuditLog.Action.REJECT, target=certificate, detail={"revoked": reason})
    veteran = certificate.enrollment.veteran
    with translation.override(veteran.language or settings.LANGUAGE_CODE):
        title = _("Your certificate %(number)s has been revoked") % {"number": certificate.number}
    notify(
        recipient=veteran,
        event_key=f"training.certificate.{certificate.pk}.revoked",
        kind=KIND,
        title=title,
        body=certificate.revoke_reason,
        url=reverse("training:my_training"),
    )
    return certificate


# --- subsidies ------------------------------------------------------------------------------------------------------


def _notify_claim(claim: SubsidyClaim, event: str, title) -> None:
    notify(
        recipient=claim.enrollment.veteran,
        event_key=f"training.claim.{claim.pk}.{event}",
        kind=KIND,
        title=title,
        body=claim.rejection_reason,
        url=reverse("training:my_training"),
    )


@transaction.atomic
def subsidy_claim_file(*, enrollment: Enrollment, actor) -> SubsidyClaim:
    """The veteran, or the institution on their behalf, claims the course's subsidy after completion."""
    enrollment = Enrollment.objects.select_for_update().select_related("training_class__course").get(pk=enrollment.pk)
    on_behalf = enrollment.veteran_id != actor.pk
    if on_behalf and not can_manage_enrollment(actor, enrollment):
        raise AccessDenied(_("You cannot file a claim for this enrolment."), hide=True)
    course = enrollment.training_class.course
    if not course.subsidy_eligible or course.subsidy_amount <= 0:
        raise ValidationError(_("This course is not eligible for a training subsidy."))
    if enrollment.status != S.COMPLETED:
        raise ValidationError(_("A subsidy can be claimed only after completing the class."))
    if SubsidyClaim.objects.filter(enrollment=enrollment).exists():
        raise ValidationError(_("A subsidy claim for this class has already been filed."))
    claim = SubsidyClaim.objects.create(enrollment=enrollment, amount=course.subsidy_amount, filed_by=actor)
    if on_behalf:
        audit_record(actor=actor, action=AuditLog.Action.ACT_FOR, target=claim, on_behalf_of=enrollment.veteran)
    _notify_claim(
        claim, "filed", _("Your training subsidy claim of %(amount)s CNY was filed") % {"amount": claim.amount}
    )
    return claim


def _lock_claim(claim: SubsidyClaim, actor) -> SubsidyClaim:
    if not (actor.is_authenticated and actor.is_bureau_staff):
        raise AccessDenied(_("Only bureau staff can decide subsidy claims."))
    return SubsidyClaim.objects.select_for_update().select_related("enrollment__veteran").get(pk=claim.pk)


@transaction.atomic
def subsidy_claim_approve(*, claim: SubsidyClaim, actor) -> SubsidyClaim:
    claim = _lock_claim(claim, actor)
    if claim.status != SubsidyClaim.Status.SUBMITTED:
        raise ValidationError(_("Only submitted claims can be approved."))
    claim.status, claim.decided_by, claim.decided_at = SubsidyClaim.Status.APPROVED, actor, timezone.now()
    claim.save(update_fields=["status", "decided_by", "decided_at"])
    audit_record(actor=actor, action=AuditLog.Action.APPROVE, target=claim)
    _notify_claim(claim, "approved", _("Your training subsidy claim was approved"))
    return claim


@transaction.atomic
def subsidy_claim_reject(*, claim: SubsidyClaim, actor, reason: str) -> SubsidyClaim:
    claim = _lock_claim(claim, actor)
    if claim.status != SubsidyClaim.Status.SUBMITTED:
        raise ValidationError(_("Only submitted claims can be rejected."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Please give a reason.")})
    claim.status, claim.decided_by, claim.decided_at = SubsidyClaim.Status.REJECTED, actor, timezone.now()
    claim.rejection_reason = reason.strip()[:300]
    claim.save(update_fields=["status", "decided_by", "decided_at", "rejection_reason"])
    audit_record(actor=actor, action=AuditLog.Action.REJECT, target=claim, detail={"reason": claim.rejection_reason})
    _notify_claim(claim, "rejected", _("Your training subsidy claim was rejected"))
    return claim


@transaction.atomic
def subsidy_claim_mark_paid(*, claim: SubsidyClaim, actor) -> SubsidyClaim:
    claim = _lock_claim(claim, actor)
    if claim.status != SubsidyClaim.Status.APPROVED:
        raise ValidationError(_("Only approved claims can be marked as paid."))
    claim.status, claim.paid_at = SubsidyClaim.Status.PAID, timezone.now()
    claim.save(update_fields=["status", "paid_at"])
    audit_record(actor=actor, action=AuditLog.Action.OTHER, target=claim, detail={"paid": str(claim.amount)})
    _notify_claim(claim, "paid", _("Your training subsidy of %(amount)s CNY was paid") % {"amount": claim.amount})
    return claim


# --- evaluation -----------------------------------------------------------------------------------------------------


@transaction.atomic
def evaluation_submit(*, enrollment: Enrollment, veteran, rating: int, comment: str = "") -> Evaluation:
    if enrollment.veteran_id != veteran.pk:
        raise AccessDenied(_("This is not your enrolment."), hide=True)
    if enrollment.status != S.COMPLETED:
        raise ValidationError(_("You can rate a class only after completing it."))
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ValidationError({"rating": _("Choose a rating from 1 to 5.")})
    if Evaluation.objects.filter(enrollment=enrollment).exists():
        raise ValidationError(_("You have already rated this class."))
    try:
        with transaction.atomic():
            return Evaluation.objects.create(enrollment=enrollment, rating=rating, comment=(comment or "")[:1000])
    except IntegrityError as exc:
        raise ValidationError(_("You have already rated this class.")) from exc


# --- reminders ------------------------------------------------------------------------------------------------------


def session_reminders_send(*, today: datetime.date | None = None) -> int:
    """Remind every enrolled veteran of their class's sessions tomorrow (local calendar): one notice per veteran,
    class and day, whatever the number of sessions that day. Idempotent through notify's event_key: a rerun (or
    a retried task) sends nothing twice. Returns the number of notices newly sent."""
    from portal.models import Notification

    tomorrow = (today or timezone.localdate()) + datetime.timedelta(days=1)
    sessions = (
        ClassSession.objects.filter(starts_at__date=tomorrow)
        .select_related("training_class__course")
        .order_by("training_class_id", "starts_at")
    )
    by_class: dict[int, list[ClassSession]] = {}
    for session in sessions:
        by_class.setdefault(session.training_class_id, []).append(session)
    if not by_class:
        return 0
    enrollments = Enrollment.objects.filter(training_class_id__in=by_class, status=S.ENROLLED).select_related("veteran")
    keys = {e.pk: f"training.class.{e.training_class_id}.reminder.{tomorrow:%Y%m%d}" for e in enrollments}
    already = set(
        Notification.objects.filter(event_key__in=set(keys.values())).values_list("recipient_id", "event_key")
    )
    sent = 0
    for enrollment in enrollments:
        key = keys[enrollment.pk]
        if (enrollment.veteran_id, key) in already:
            continue
        class_sessions = by_class[enrollment.training_class_id]
        cls = class_sessions[0].training_class
        with translation.override(enrollment.veteran.language or settings.LANGUAGE_CODE):
            title = _("Reminder: %(cls)s has a session tomorrow") % {"cls": cls}
            body = "\n".join(
                f"{timezone.localtime(s.starts_at):%Y-%m-%d %H:%M}–{timezone.localtime(s.ends_at):%H:%M} "
                f"{s.title}{' · ' + s.location if s.location else ''}{' · ' + cls.venue if cls.venue else ''}"
                for s in class_sessions
            )
        if notify(
            recipient=enrollment.veteran,
            event_key=key,
            kind=KIND,
            title=title,
            body=body,
            url=reverse("training:class_detail", args=[cls.pk]),
        ):
            sent += 1
    return sent
