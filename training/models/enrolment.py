"""Enrolments in a class (with a waitlist in arrival order) and attendance at its sessions."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from training.models.courses import ClassSession, TrainingClass


class EnrollmentQuerySet(models.QuerySet):
    def holding_seat(self):
        return self.filter(status__in=Enrollment.SEAT_STATUSES)

    def waitlisted(self):
        return self.filter(status=Enrollment.Status.WAITLISTED).order_by("sequence")


class Enrollment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        ENROLLED = "enrolled", _("Enrolled")
        WAITLISTED = "waitlisted", _("On the waitlist")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", pgettext_lazy("enrolment", "Withdrawn")
        COMPLETED = "completed", _("Completed")
        NOT_COMPLETED = "not_completed", _("Did not complete")

    SEAT_STATUSES = (Status.PENDING, Status.ENROLLED, Status.COMPLETED, Status.NOT_COMPLETED)
    ACTIVE_STATUSES = SEAT_STATUSES + (Status.WAITLISTED,)

    training_class = models.ForeignKey(
        TrainingClass, models.CASCADE, related_name="enrollments", verbose_name=_("class")
    )
    veteran = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="training_enrollments", verbose_name=_("veteran")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, db_index=True)
    sequence = models.PositiveIntegerField(_("arrival number"), editable=False)
    exam_score = models.PositiveSmallIntegerField(
        _("exam score"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("enrolled at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    objects = EnrollmentQuerySet.as_manager()

    class Meta:
        ordering = ["training_class", "sequence"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            # One live enrolment per veteran and class; a withdrawn or rejected one may be followed by a new one.
            models.UniqueConstraint(
                fields=["training_class", "veteran"],
                condition=~Q(status__in=["withdrawn", "rejected"]),
                name="training_enrollment_one_active",
            ),
            models.UniqueConstraint(fields=["training_class", "sequence"], name="training_enrollment_sequence"),
        ]

    def __str__(self):
        return f"{self.veteran} → {self.training_class}"

    def holds_seat(self) -> bool:
        return self.status in self.SEAT_STATUSES

    def is_undecided_or_running(self) -> bool:
        """Awaiting approval, on the waitlist or enrolled: the veteran may still withdraw, the trainer reject."""
        return self.status in (self.Status.PENDING, self.Status.ENROLLED, self.Status.WAITLISTED)

    def progress_steps(self):
        """(Waitlisted →) (awaiting approval →) enrolled → completed, or the end it came to (portal.progress)."""
        from portal.progress import HOLDER_INSTITUTION, HOLDER_YOU, step

        S = self.Status
        path = []
        if self.status == S.WAITLISTED:
            path.append(step(S, S.WAITLISTED, HOLDER_INSTITUTION))
        if not self.training_class.course.auto_approve or self.status == S.PENDING:
            path.append(step(S, S.PENDING, HOLDER_INSTITUTION))
        path.append(step(S, S.ENROLLED, HOLDER_YOU))
        if self.status in (S.REJECTED, S.WITHDRAWN):
            return [path[0], step(S, self.status, negative=True)]
        if self.status == S.NOT_COMPLETED:
            return [*path, step(S, S.NOT_COMPLETED, negative=True)]
        return [*path, step(S, S.COMPLETED)]

    def can_withdraw(self) -> bool:
        return self.is_undecided_or_running()

    def can_be_rejected(self) -> bool:
        return self.is_undecided_or_running()

    def can_be_approved(self) -> bool:
        return self.status == self.Status.PENDING

    def is_enrolled(self) -> bool:
        """Holds a place in a running class: checks in, and is the one the trainer marks as completed."""
        return self.status == self.Status.ENROLLED

    def can_be_completed(self) -> bool:
        return self.is_enrolled()

    def is_waitlisted(self) -> bool:
        return self.status == self.Status.WAITLISTED

    def is_completed(self) -> bool:
        """Finished the course: certificates, evaluations and subsidy claims are for these only."""
        return self.status == self.Status.COMPLETED

    def waitlist_position(self) -> int | None:
        if self.status != self.Status.WAITLISTED:
            return None
        return (
            Enrollment.objects.waitlisted()
            .filter(training_class_id=self.training_class_id, sequence__lt=self.sequence)
            .count()
            + 1
        )


class Attendance(models.Model):
    class Method(models.TextChoices):
        QR = "qr", _("QR code scan")
        CODE = "code", _("Typed code")
        MANUAL = "manual", _("Marked by trainer")

    session = models.ForeignKey(
        ClassSession,
        models.CASCADE,
        related_name="attendances",
        verbose_name=pgettext_lazy("training class", "session"),
    )
    enrollment = models.ForeignKey(Enrollment, models.CASCADE, related_name="attendances", verbose_name=_("enrolment"))
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    checked_in_at = models.DateTimeField(_("checked in at"), default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    # Set when a trainer recorded the attendance outside the session's check-in window: why, for the auditors.
    override_reason = models.CharField(_("reason for recording outside the session"), max_length=300, blank=True)

    class Meta:
        ordering = ["session", "checked_in_at"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance records")
        constraints = [models.UniqueConstraint(fields=["session", "enrollment"], name="training_attendance_once")]

    def __str__(self):
        return f"{self.enrollment.veteran} @ {self.session}"
