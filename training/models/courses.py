"""Courses published by institutions, their classes (班次) and the sessions of a class."""

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SkillLevel(models.IntegerChoices):
    """The five levels of a vocational skill level certificate (职业技能等级)."""

    LEVEL_5 = 5, _("Level 5 / junior worker")
    LEVEL_4 = 4, _("Level 4 / intermediate worker")
    LEVEL_3 = 3, _("Level 3 / senior worker")
    LEVEL_2 = 2, _("Level 2 / technician")
    LEVEL_1 = 1, _("Level 1 / senior technician")


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
        LIFELONG = "lifelong", _("Lifelong education")
        # The "+1" of the 5+1 system: training for the bureau's own service and management staff.
        SERVICE_STAFF = "service_staff", _("Training for service and management staff")

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
    # A course with a skill level certificate leads to an assessment (职业技能鉴定) of this occupation and level,
    # by this assessment body; the certificate is issued when the result and its national number are recorded.
    assessment_occupation = models.CharField(_("assessed occupation"), max_length=100, blank=True)
    assessment_level = models.PositiveSmallIntegerField(
        _("assessed skill level"), choices=SkillLevel.choices, null=True, blank=True
    )
    assessment_body = models.CharField(_("assessment body"), max_length=120, blank=True)
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

    def leads_to_assessment(self) -> bool:
        return self.certificate_type == self.CertificateType.SKILL_LEVEL

    def clean(self):
        if self.leads_to_assessment():
            missing = {
                name: _("A course leading to a skill level certificate needs this.")
                for name in ("assessment_occupation", "assessment_level", "assessment_body")
                if not getattr(self, name)
            }
            if missing:
                raise ValidationError(missing)


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
        verbose_name = pgettext_lazy("training class", "session")
        verbose_name_plural = pgettext_lazy("training class", "sessions")

    def __str__(self):
        return f"{self.title} ({timezone.localtime(self.starts_at):%Y-%m-%d %H:%M})"

    @staticmethod
    def check_in_grace():
        import datetime

        from django.conf import settings

        return datetime.timedelta(minutes=settings.TRAINING_CHECKIN_GRACE_MINUTES)

    def check_in_opens(self):
        return self.starts_at - self.check_in_grace()

    def check_in_closes(self):
        return self.ends_at + self.check_in_grace()

    def accepts_check_in(self, now=None) -> bool:
        """Veterans check in from the grace period before the start until the grace period after the end."""
        now = now or timezone.now()
        return self.check_in_opens() <= now <= self.check_in_closes()
