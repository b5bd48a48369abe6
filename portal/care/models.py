"""走访慰问: veterans staff visit regularly (elderly, living alone, disabled, families of martyrs …), each visit
recorded with the person's condition and needs, and each need followed up by a task assigned to a staff member.

A subject has at most one planned visit at a time; recording it plans the next one `interval_days` later (the
daily beat task plans any that are missing). Writes live in portal.care.services."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Reason(models.TextChoices):
    ELDERLY = "elderly", _("Elderly")
    ALONE = "alone", _("Living alone (empty nest)")
    DISABLED = "disabled", pgettext_lazy("care category", "Disabled")
    MARTYR_FAMILY = "martyr_family", _("Family of a martyr")
    ILL = "ill", _("Serious illness")
    HARDSHIP = "hardship", _("Financial hardship")


class Need(models.TextChoices):
    MEDICAL = "medical", _("Medical care")
    FINANCIAL = "financial", _("Financial help")
    HOUSING = "housing", _("Housing")
    EMPLOYMENT = "employment", _("Employment")
    PSYCHOLOGICAL = "psychological", _("Psychological support")
    LEGAL = "legal", _("Legal aid")
    DAILY_LIFE = "daily_life", _("Help with daily life")


class CareSubject(models.Model):
    veteran = models.OneToOneField(
        "portal.VeteranProfile", models.CASCADE, related_name="care_subject", verbose_name=_("veteran")
    )
    reasons = models.JSONField(_("reasons"), default=list)
    interval_days = models.PositiveSmallIntegerField(_("visit every (days)"), default=90)
    active = models.BooleanField(_("active"), default=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    marked_at = models.DateTimeField(_("marked at"), auto_now_add=True)

    class Meta:
        verbose_name = _("care subject")
        verbose_name_plural = _("care subjects")

    def __str__(self):
        return self.veteran.masked_name

    def reason_labels(self) -> list[str]:
        return [str(Reason(r).label) for r in self.reasons if r in Reason.values]


class CareVisitQuerySet(models.QuerySet):
    def planned(self):
        return self.filter(status=CareVisit.Status.PLANNED)

    def overdue(self, today=None):
        return self.planned().filter(due_on__lt=today or timezone.localdate())


class CareVisit(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Visited")
        CANCELLED = "cancelled", _("Cancelled")

    class Condition(models.TextChoices):
        GOOD = "good", _("Good")
        FAIR = "fair", pgettext_lazy("condition", "Fair")
        POOR = "poor", _("Poor: needs attention")

    subject = models.ForeignKey(CareSubject, models.CASCADE, related_name="visits")
    due_on = models.DateField(_("visit due on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    visited_on = models.DateField(_("visited on"), null=True, blank=True)
    visitors = models.CharField(_("visitors"), max_length=200, blank=True)
    condition = models.CharField(_("condition"), max_length=10, choices=Condition.choices, blank=True)
    needs = models.JSONField(_("needs"), default=list)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)

    objects = CareVisitQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("care visit")
        verbose_name_plural = _("care visits")
        constraints = [
            models.UniqueConstraint(
                fields=["subject"], condition=Q(status="planned"), name="care_one_planned_visit_per_subject"
            )
        ]

    def __str__(self):
        return f"{self.subject} {self.due_on:%Y-%m-%d}"

    def is_planned(self) -> bool:
        """Not yet visited nor cancelled: the one state a visit is recorded from (visit_record)."""
        return self.status == self.Status.PLANNED

    def is_overdue(self) -> bool:
        return self.is_planned() and self.due_on < timezone.localdate()

    def need_labels(self) -> list[str]:
        return [str(Need(n).label) for n in self.needs if n in Need.values]


class CareTask(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    visit = models.ForeignKey(CareVisit, models.CASCADE, related_name="tasks")
    need = models.CharField(_("need"), max_length=20, choices=Need.choices)
    description = models.CharField(_("what to do"), max_length=300)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="care_tasks", verbose_name=_("assigned to")
    )
    due_on = models.DateField(_("complete by"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    outcome = models.CharField(_("outcome"), max_length=300, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("follow-up task")
        verbose_name_plural = _("follow-up tasks")

    def __str__(self):
        return self.description
