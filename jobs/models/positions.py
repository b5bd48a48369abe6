"""Positions (岗位) posted by employer organizations, reviewed by staff, searched by veterans."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.choices import Education


class PositionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Position.Status.PUBLISHED)

    def pending_review(self):
        return self.filter(status=Position.Status.PENDING)

    def of_organizations(self, organizations):
        return self.filter(organization__in=organizations)

    def in_region(self, region):
        return self.filter(region__code__startswith=region.code_prefix)

    def accepting(self, today=None):
        """No deadline, or a deadline not yet past (today still counts)."""
        today = today or timezone.localdate()
        return self.filter(models.Q(deadline__isnull=True) | models.Q(deadline__gte=today))

    def past_deadline(self, today=None):
        today = today or timezone.localdate()
        return self.filter(deadline__lt=today)


class Position(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PENDING = "pending", _("Pending review")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Closed")
        EXPIRED = "expired", _("Expired")
        REJECTED = "rejected", _("Rejected")

    organization = models.ForeignKey(
        "portal.Organization", models.CASCADE, related_name="positions", verbose_name=_("employer")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"))
    category = models.ForeignKey(
        "portal.OccupationCategory", models.PROTECT, related_name="positions", verbose_name=_("occupation category")
    )
    region = models.ForeignKey("portal.Region", models.PROTECT, related_name="positions", verbose_name=_("region"))
    work_address = models.CharField(_("work address"), max_length=200, blank=True)
    salary_min = models.PositiveIntegerField(_("minimum monthly salary (CNY)"))
    salary_max = models.PositiveIntegerField(_("maximum monthly salary (CNY)"))
    headcount = models.PositiveIntegerField(_("headcount"), default=1)
    education = models.PositiveSmallIntegerField(
        _("education required"), choices=Education.choices, default=Education.NONE
    )
    experience_years = models.PositiveSmallIntegerField(_("years of experience required"), default=0)
    skills = models.JSONField(_("skills"), default=list, blank=True)
    military_specialties = models.ManyToManyField(
        "portal.MilitarySpecialty", blank=True, related_name="positions", verbose_name=_("military specialties welcome")
    )
    veteran_priority = models.BooleanField(_("veterans preferred"), default=False)
    targeted = models.BooleanField(_("targeted recruitment"), default=False)
    welcomes_family = models.BooleanField(
        _("military family members welcome"),
        default=True,
        help_text=_("Family members of veterans (随军家属, 优抚对象) whose link staff verified may apply."),
    )
    deadline = models.DateField(_("application deadline"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    rejection_reason = models.CharField(_("rejection reason"), max_length=300, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Filled by portal.search.index_row from the service (jieba-segmented text; weighted vector on PostgreSQL).
    search_title = models.TextField(blank=True, editable=False)
    search_body = models.TextField(blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)

    objects = PositionQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        indexes = [
            models.Index(fields=["status", "-published_at"], name="jobs_pos_status_pub_idx"),
            models.Index(fields=["status", "deadline"], name="jobs_pos_status_deadline_idx"),
            models.Index(fields=["status", "-salary_max"], name="jobs_pos_status_salary_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(salary_min__lte=models.F("salary_max")), name="jobs_pos_salary_range"),
            models.CheckConstraint(condition=Q(headcount__gte=1), name="jobs_pos_headcount_positive"),
        ]

    def __str__(self):
        return self.title

    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def is_open(self) -> bool:
        """Accepting applications: published and not past its deadline."""
        if not self.is_published():
            return False
        return self.deadline is None or self.deadline >= timezone.localdate()

    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.REJECTED, self.Status.PENDING)

    def can_submit(self) -> bool:
        """May be sent for review: a draft, or one returned with a reason."""
        return self.status in (self.Status.DRAFT, self.Status.REJECTED)

    def awaits_review(self) -> bool:
        return self.status == self.Status.PENDING

    def can_close(self) -> bool:
        return self.is_published()

    def salary_display(self) -> str:
        return f"{self.salary_min}–{self.salary_max}"

    def search_text(self) -> tuple[str, str]:
        """(title, body) fed to the search index."""
        body = " ".join([self.description, " ".join(self.skills or []), self.work_address])
        return self.title, body
