"""Training: courses published by institutions, classes (班次) with sessions, enrolments with a waitlist,
attendance, certificates, subsidy claims and evaluations."""

import secrets

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CourseQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True, institution__status="verified")

    def of_institutions(self, organizations):
        return self.filter(institution__in=organizations)


class Course(models.Model):
    class Type(models.TextChoices):
        ADAPTIVE = "adaptive", _("Adaptive training")
        VOCATIONAL = "vocational", _("Vocational skills")
        ACADEMIC = "academic", _("Academic upgrading")
        ENTREPRENEURSHIP = "entrepreneurship", _("Entrepreneurship training")

    class Module(models.TextChoices):
        IDEOLOGY = "ideology", _("Political theory")
        POLICY = "policy", _("Policies and regulations")
        SOCIAL = "social", _("Social adaptation")
        MENTAL = "mental", _("Mental health")
        EMPLOYMENT = "employment", _("Employment and entrepreneurship")
        PROFESSIONALISM = "professionalism", _("Professional conduct and skills")

    class Delivery(models.TextChoices):
        ONSITE = "onsite", pgettext_lazy("delivery", "On-site")
        ONLINE = "online", pgettext_lazy("delivery", "Online")
        BLENDED = "blended", _("Blended")

    class CertificateType(models.TextChoices):
        COMPLETION = "completion", _("Certificate of completion")
        SKILL_LEVEL = "skill_level", _("Vocational skill level certificate")

    institution = models.ForeignKey(
        "portal.Organization",
        models.PROTECT,
        related_name="courses",
        verbose_name=_("institution"),
        limit_choices_to={"org_type": "institution"},
    )
    title = models.CharField(pgettext_lazy("course", "title"), max_length=120)
    course_type = models.CharField(_("type"), max_length=20, choices=Type.choices, db_index=True)
    module = models.CharField(_("module"), max_length=20, choices=Module.choices, db_index=True)
    description = models.TextField(_("description"), blank=True)
    hours = models.PositiveIntegerField(_("hours"), validators=[MinValueValidator(1)])
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices, default=Delivery.ONSITE)
    certificate_type = models.CharField(
        _("certificate"), max_length=20, choices=CertificateType.choices, default=CertificateType.COMPLETION
    )
    subsidy_eligible = models.BooleanField(_("eligible for a training subsidy"), default=False)
    subsidy_amount = models.DecimalField(_("subsidy amount (CNY)"), max_digits=9, decimal_places=2, default=0)
    target_occupations = models.ManyToManyField(
        "portal.OccupationCategory", verbose_name=_("target occupations"), blank=True, related_name="courses"
    )
    auto_approve = models.BooleanField(
        _("approve enrolments automatically"), default=True, help_text=_("Otherwise the institution approves each.")
    )
    attendance_threshold = models.PositiveSmallIntegerField(
        _("attendance needed to complete (%)"), default=80, validators=[MaxValueValidator(100)]
    )
    is_published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    search_title = models.TextField(blank=True, editable=False)
    search_body = models.TextField(blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        constraints = [
            models.CheckConstraint(condition=Q(subsidy_amount__gte=0), name="training_course_subsidy_nonnegative"),
        ]

    def __str__(self):
        return self.title


class TrainingClassQuerySet(models.QuerySet):
    def of_institutions(self, organizations):
        return self.filter(course__institution__in=organizations)


class TrainingClass(models.Model):
    """A run of a course (班次) with its own dates, venue, capacity and enrolment window."""

    course = models.ForeignKey(Course, models.CASCADE, related_name="classes", verbose_name=_("course"))
    name = models.CharField(pgettext_lazy("training class", "name"), max_length=120)
    region = models.ForeignKey("portal.Region", models.PROTECT, verbose_name=_("region"), related_name="+")
    venue = models.CharField(pgettext_lazy("training", "venue"), max_length=200, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    capacity = models.PositiveIntegerField(_("capacity"), validators=[MinValueValidator(1)])
    enrolment_opens = models.DateTimeField(_("enrolment opens"))
    enrolment_closes = models.DateTimeField(_("enrolment closes"))
    cross_region = models.BooleanField(_("open to veterans from other regions"), default=False)
    open_to_families = models.BooleanField(
        _("open to military family members"),
        default=False,
        help_text=_("Family members whose link to a veteran staff verified (随军家属, 优抚对象) may enrol."),
    )
    # Incremented under the class row lock: gives every enrolment a strictly increasing arrival number.
    enrolment_sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = TrainingClassQuerySet.as_manager()

    class Meta:
        ordering = ["start_date", "pk"]
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="training_class_dates"),
            models.CheckConstraint(
                condition=Q(enrolment_closes__gt=models.F("enrolment_opens")), name="training_class_window"
            ),
        ]

    def __str__(self):
        return f"{self.course.title} · {self.name}"

    def enrolment_is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.enrolment_opens <= now <= self.enrolment_closes

    @property
    def institution(self):
        return self.course.institution


class ClassSession(models.Model):
    """One lesson of a class's timetable; attendance is taken per session."""

    training_class = models.ForeignKey(TrainingClass, models.CASCADE, related_name="sessions", verbose_name=_("class"))
    title = models.CharField(_("topic"), max_length=120)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    location = models.CharField(_("room"), max_length=120, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self):
        return f"{self.title} ({timezone.localtime(self.starts_at):%Y-%m-%d %H:%M})"


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

    def can_withdraw(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.ENROLLED, self.Status.WAITLISTED)

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

    session = models.ForeignKey(ClassSession, models.CASCADE, related_name="attendances", verbose_name=_("session"))
    enrollment = models.ForeignKey(Enrollment, models.CASCADE, related_name="attendances", verbose_name=_("enrolment"))
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    checked_in_at = models.DateTimeField(_("checked in at"), default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["session", "checked_in_at"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance records")
        constraints = [models.UniqueConstraint(fields=["session", "enrollment"], name="training_attendance_once")]

    def __str__(self):
        return f"{self.enrollment.veteran} @ {self.session}"


def _verify_code() -> str:
    return secrets.token_urlsafe(12)


class Certificate(models.Model):
    enrollment = models.OneToOneField(
        Enrollment, models.PROTECT, related_name="certificate", verbose_name=_("enrolment")
    )
    number = models.CharField(_("certificate number"), max_length=30, unique=True)
    verify_code = models.CharField(_("verification code"), max_length=32, unique=True, default=_verify_code)
    holder_name = models.CharField(_("holder"), max_length=50)
    certificate_type = models.CharField(_("type"), max_length=20, choices=Course.CertificateType.choices)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoke_reason = models.CharField(_("reason for revocation"), max_length=300, blank=True)

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self):
        return self.number

    def is_valid(self) -> bool:
        return self.revoked_at is None

    @property
    def masked_holder_name(self) -> str:
        from portal.crypto import mask_name
        from portal.people import display_name

        return mask_name(self.holder_name) if self.holder_name else display_name(self.enrollment.veteran)


class SubsidyClaim(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", pgettext_lazy("subsidy claim", "Submitted")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        PAID = "paid", _("Paid")

    enrollment = models.OneToOneField(
        Enrollment, models.PROTECT, related_name="subsidy_claim", verbose_name=_("enrolment")
    )
    amount = models.DecimalField(_("amount (CNY)"), max_digits=9, decimal_places=2)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("filed by")
    )
    rejection_reason = models.CharField(_("reason for rejection"), max_length=300, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    created_at = models.DateTimeField(_("filed at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("subsidy claim")
        verbose_name_plural = _("subsidy claims")

    def __str__(self):
        return f"{self.enrollment} · {self.amount}"


class Evaluation(models.Model):
    enrollment = models.OneToOneField(
        Enrollment, models.CASCADE, related_name="evaluation", verbose_name=_("enrolment")
    )
    rating = models.PositiveSmallIntegerField(_("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.TextField(_("comment"), blank=True, max_length=1000)
    created_at = models.DateTimeField(_("rated at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="training_evaluation_rating_1_5")
        ]

    def __str__(self):
        return f"{self.enrollment}: {self.rating}"
