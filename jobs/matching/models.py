"""Data of person-job matching: the military-to-civilian crosswalk, push runs, weekly picks, stored match lists."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models import MilitarySpecialty


class CrosswalkSpecialty(MilitarySpecialty):
    """A military specialty seen through the crosswalk (admin page with both mappings inline)."""

    class Meta:
        proxy = True
        verbose_name = _("military-to-civilian crosswalk")
        verbose_name_plural = _("military-to-civilian crosswalk")


class SpecialtyOccupation(models.Model):
    """One line of the crosswalk: people with this specialty do well in this civilian occupation (weight 1–100)."""

    specialty = models.ForeignKey(
        "portal.MilitarySpecialty", models.CASCADE, related_name="crosswalk_occupations", verbose_name=_("specialty")
    )
    category = models.ForeignKey(
        "portal.OccupationCategory", models.CASCADE, related_name="+", verbose_name=_("occupation category")
    )
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=80, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )

    class Meta:
        ordering = ["specialty__code", "-weight"]
        verbose_name = _("crosswalk occupation")
        verbose_name_plural = _("crosswalk occupations")
        constraints = [
            models.UniqueConstraint(fields=["specialty", "category"], name="matching_unique_specialty_category"),
            models.CheckConstraint(condition=models.Q(weight__gte=1, weight__lte=100), name="matching_occ_weight"),
        ]

    def __str__(self):
        return f"{self.specialty} → {self.category}"


class SpecialtySkill(models.Model):
    """A civilian skill tag a specialty brings (汽车驾驶 → 驾驶, A照, 物流配送)."""

    specialty = models.ForeignKey(
        "portal.MilitarySpecialty", models.CASCADE, related_name="crosswalk_skills", verbose_name=_("specialty")
    )
    tag = models.CharField(_("skill tag"), max_length=40)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=60, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )

    class Meta:
        ordering = ["specialty__code", "-weight", "tag"]
        verbose_name = _("crosswalk skill")
        verbose_name_plural = _("crosswalk skills")
        constraints = [
            models.UniqueConstraint(fields=["specialty", "tag"], name="matching_unique_specialty_tag"),
            models.CheckConstraint(condition=models.Q(weight__gte=1, weight__lte=100), name="matching_skill_weight"),
        ]

    def __str__(self):
        return f"{self.specialty} → {self.tag}"


class PushRun(models.Model):
    """One fan-out of one event (a position published, a week's digest, a fair reminder) to many recipients.

    Recipients are processed in ascending user id; `cursor` is the last user id whose notices are committed, so a
    rerun or a task retried after a worker crash resumes there. The per-recipient unique event key on
    portal.Notification is what guarantees nobody is notified twice even if the cursor lags behind.
    """

    class Kind(models.TextChoices):
        POSITION = "job_push", _("Matching position")
        WEEKLY = "weekly_picks", _("Weekly picks")
        FAIR = "fair_reminder", _("Fair reminder")

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")

    event_key = models.CharField(_("event key"), max_length=150, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    position = models.ForeignKey("jobs.Position", models.CASCADE, null=True, blank=True, related_name="push_runs")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RUNNING)
    cursor = models.BigIntegerField(_("last recipient id done"), default=0)
    recipients = models.PositiveIntegerField(_("recipients notified"), default=0)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("push run")
        verbose_name_plural = _("push runs")

    def __str__(self):
        return self.event_key


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


class WeeklyPickQuerySet(models.QuerySet):
    def for_week(self, day: datetime.date):
        return self.filter(week_start=monday_of(day))


class WeeklyPick(models.Model):
    """每周精选: a position staff chose for one ISO week (identified by its Monday)."""

    week_start = models.DateField(_("week (Monday)"), db_index=True)
    position = models.ForeignKey(
        "jobs.Position", models.CASCADE, related_name="weekly_picks", verbose_name=_("position")
    )
    note = models.CharField(_("why we pick it"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    objects = WeeklyPickQuerySet.as_manager()

    class Meta:
        ordering = ["-week_start", "sort_order", "id"]
        verbose_name = _("weekly pick")
        verbose_name_plural = _("weekly picks")
        constraints = [models.UniqueConstraint(fields=["week_start", "position"], name="matching_unique_weekly_pick")]

    def __str__(self):
        return f"{self.week_start:%G-W%V}: {self.position}"

    def save(self, *args, **kwargs):
        self.week_start = monday_of(self.week_start)
        super().save(*args, **kwargs)


# --- stored match lists (services/recommendations.py computes them, stored.py reads them) -------------------------


class VeteranMatchList(models.Model):
    """That a veteran's recommended positions are stored, and when they were computed.

    `floor_score` is the lowest score kept when the list is full (else 1): a newly published position scoring at
    least this joins the list without recomputing it. `stale` asks for a recomputation (on the next read, or by the
    periodic rebuild)."""

    profile = models.OneToOneField("portal.VeteranProfile", models.CASCADE, primary_key=True, related_name="match_list")
    computed_at = models.DateTimeField(_("computed at"), db_index=True)
    floor_score = models.PositiveSmallIntegerField(_("lowest score kept"), default=1)
    stale = models.BooleanField(_("to recompute"), default=False)

    class Meta:
        verbose_name = _("stored recommendation list")
        verbose_name_plural = _("stored recommendation lists")

    def __str__(self):
        return f"{self.profile_id} @ {self.computed_at:%Y-%m-%d %H:%M}"


class PositionMatchList(models.Model):
    """That a position's best-matching veterans (the employer's candidates) are stored, and when."""

    position = models.OneToOneField("jobs.Position", models.CASCADE, primary_key=True, related_name="match_list")
    computed_at = models.DateTimeField(_("computed at"), db_index=True)
    floor_score = models.PositiveSmallIntegerField(_("lowest score kept"), default=1)
    stale = models.BooleanField(_("to recompute"), default=False)

    class Meta:
        verbose_name = _("stored candidate list")
        verbose_name_plural = _("stored candidate lists")

    def __str__(self):
        return f"{self.position_id} @ {self.computed_at:%Y-%m-%d %H:%M}"


class Recommendation(models.Model):
    """One of a veteran's best open positions (top KEPT_PER_VETERAN), as scored by selectors.positions_for_veteran,
    with the components the page explains. `merged` rows were added when the position was published, scored from
    the position's side (selectors.veterans_for_position): the first read re-scores them from the veteran's."""

    veteran = models.ForeignKey("portal.VeteranProfile", models.CASCADE, related_name="+")
    position = models.ForeignKey("jobs.Position", models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(_("match score"))
    parts = models.JSONField(_("score components"), default=dict)
    merged = models.BooleanField(_("added on publication"), default=False)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("stored recommendation")
        verbose_name_plural = _("stored recommendations")
        constraints = [models.UniqueConstraint(fields=["veteran", "position"], name="matching_unique_recommendation")]
        indexes = [
            models.Index(fields=["veteran", "-score", "-position"], name="matching_rec_top_per_veteran"),
            models.Index(fields=["position"], name="matching_rec_by_position"),
        ]

    def __str__(self):
        return f"{self.veteran_id} → {self.position_id}: {self.score}"


class CandidateMatch(models.Model):
    """One of a position's best-matching veterans (top KEPT_PER_POSITION of those open to employers), as scored
    by selectors.veterans_for_position, with the components the page explains (re-scoring a page of veterans costs
    as much as scoring all of them: the query hashes whole subqueries, which is what makes the push fast)."""

    position = models.ForeignKey("jobs.Position", models.CASCADE, related_name="+")
    veteran = models.ForeignKey("portal.VeteranProfile", models.CASCADE, related_name="candidate_matches")
    score = models.PositiveSmallIntegerField(_("match score"))
    parts = models.JSONField(_("score components"), default=dict)  # {component: points}, for the reasons shown
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("stored candidate")
        verbose_name_plural = _("stored candidates")
        constraints = [models.UniqueConstraint(fields=["position", "veteran"], name="matching_unique_candidate")]
        indexes = [
            models.Index(fields=["position", "-score", "veteran"], name="matching_cand_top_per_position"),
            models.Index(fields=["veteran"], name="matching_cand_by_veteran"),
        ]

    def __str__(self):
        return f"{self.position_id} ← {self.veteran_id}: {self.score}"
