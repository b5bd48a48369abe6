"""The evaluation committee (评估委员会): evaluators appointed by the bureau (its own staff or a third party) score
each institution once a period on a rubric; the bureau publishes the period's results, and an institution scoring
below the threshold is flagged for the next period's allocation of classes."""

import datetime
import re

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

PERIOD_RE = re.compile(r"^(\d{4})-H([12])$")
RUBRIC = ("teaching", "attendance", "completion", "employment", "ratings")


def period_bounds(period: str) -> tuple[datetime.date, datetime.date]:
    """ "2026-H1" → (2026-01-01, 2026-06-30). Raises ValueError for anything else."""
    match = PERIOD_RE.match(period or "")
    if not match:
        raise ValueError(period)
    year, half = int(match[1]), int(match[2])
    if half == 1:
        return datetime.date(year, 1, 1), datetime.date(year, 6, 30)
    return datetime.date(year, 7, 1), datetime.date(year, 12, 31)


def period_of(day: datetime.date) -> str:
    return f"{day.year}-H{1 if day.month <= 6 else 2}"


def next_period(period: str) -> str:
    _start, end = period_bounds(period)
    return period_of(end + datetime.timedelta(days=1))


class Evaluator(models.Model):
    class Kind(models.TextChoices):
        BUREAU = "bureau", _("Bureau evaluator")
        THIRD_PARTY = "third_party", _("Third-party evaluator")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="training_evaluator_roles", verbose_name=_("user")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    affiliation = models.CharField(
        _("affiliation"), max_length=120, blank=True, help_text=_("For a third party: the evaluating organisation.")
    )
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("appointed by")
    )
    appointed_at = models.DateTimeField(_("appointed at"), auto_now_add=True)
    ended_at = models.DateTimeField(_("appointment ended at"), null=True, blank=True)

    class Meta:
        ordering = ["-appointed_at"]
        verbose_name = _("evaluator")
        verbose_name_plural = _("evaluators")
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(ended_at__isnull=True), name="training_evaluator_one_active"
            )
        ]

    def __str__(self):
        name = self.user.get_full_name() or self.user.get_username()
        return f"{name} ({self.get_kind_display()})"

    def is_active(self) -> bool:
        return self.ended_at is None


class InstitutionEvaluation(models.Model):
    """One evaluator's scores (0–100 each) of one institution's classes for one period."""

    evaluator = models.ForeignKey(Evaluator, models.PROTECT, related_name="evaluations", verbose_name=_("evaluator"))
    institution = models.ForeignKey(
        "portal.Organization", models.PROTECT, related_name="training_evaluations", verbose_name=_("institution")
    )
    period = models.CharField(_("period"), max_length=7, db_index=True)
    teaching = models.PositiveSmallIntegerField(_("teaching quality"), validators=[MaxValueValidator(100)])
    attendance = models.PositiveSmallIntegerField(_("attendance"), validators=[MaxValueValidator(100)])
    completion = models.PositiveSmallIntegerField(_("completion"), validators=[MaxValueValidator(100)])
    employment = models.PositiveSmallIntegerField(_("employment within 6 months"), validators=[MaxValueValidator(100)])
    ratings = models.PositiveSmallIntegerField(_("trainee ratings"), validators=[MaxValueValidator(100)])
    total = models.DecimalField(_("weighted score"), max_digits=5, decimal_places=2)
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    measured = models.JSONField(_("measured figures"), default=dict, blank=True)
    created_at = models.DateTimeField(_("scored at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-period", "institution", "evaluator"]
        verbose_name = _("institution evaluation")
        verbose_name_plural = _("institution evaluations")
        constraints = [
            models.UniqueConstraint(
                fields=["evaluator", "institution", "period"], name="training_evaluation_once_per_period"
            ),
            *[
                models.CheckConstraint(condition=Q(**{f"{name}__lte": 100}), name=f"training_evaluation_{name}_max")
                for name in RUBRIC
            ],
        ]

    def __str__(self):
        return f"{self.institution} · {self.period} · {self.total}"


class EvaluationResult(models.Model):
    """The published result of an institution for a period: the mean of its evaluators' weighted scores."""

    institution = models.ForeignKey(
        "portal.Organization", models.PROTECT, related_name="training_evaluation_results", verbose_name=_("institution")
    )
    period = models.CharField(_("period"), max_length=7, db_index=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2)
    evaluations = models.PositiveSmallIntegerField(_("number of evaluations"))
    flagged = models.BooleanField(_("flagged for the next allocation"), default=False)
    threshold = models.DecimalField(_("threshold"), max_digits=5, decimal_places=2)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)

    class Meta:
        ordering = ["-period", "score"]
        verbose_name = _("evaluation result")
        verbose_name_plural = _("evaluation results")
        constraints = [models.UniqueConstraint(fields=["institution", "period"], name="training_result_once")]

    def __str__(self):
        return f"{self.institution} · {self.period} · {self.score}"

    @property
    def allocation_period(self) -> str:
        return next_period(self.period)
