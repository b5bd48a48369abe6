"""Entrepreneurship competitions (创业创新大赛): stages, a weighted rubric, entries, judges and their scores."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

RUBRIC_LOCKED_MESSAGE = _("The scoring rubric is locked because scoring has started; criteria can no longer change.")


class CompetitionQuerySet(models.QuerySet):
    def visible(self):
        return self.exclude(status=Competition.Status.DRAFT)


class Competition(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for entries")
        JUDGING = "judging", _("Judging")
        CLOSED = "closed", pgettext_lazy("competition", "Closed")

    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    region = models.ForeignKey("portal.Region", models.PROTECT, null=True, blank=True, verbose_name=_("region"))
    organizer = models.CharField(_("organizer"), max_length=120, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    results_published_at = models.DateTimeField(_("results published at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CompetitionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("competition")
        verbose_name_plural = _("competitions")

    def __str__(self):
        return self.title

    def rubric_locked(self) -> bool:
        return Score.objects.filter(entry__competition=self).exists()

    # Yes/no questions the services refuse by and the pages ask before offering a button.
    def can_open(self) -> bool:
        """A draft: staff open it for entries."""
        return self.status == self.Status.DRAFT

    def accepts_entries(self) -> bool:
        """Open for entries (the first stage's deadline is checked on entering): staff may start judging."""
        return self.status == self.Status.OPEN

    def entry_refusal(self, now) -> str:
        """Why no project can enter now ("" when one can): entry_submit raises it, the competition's page shows it
        beside the disabled button."""
        if not self.accepts_entries():
            return str(_("This competition is not open for entries."))
        first = self.first_stage()
        if first is None:
            return str(_("This competition has no stages yet."))
        if first.deadline < now:
            return str(_("The deadline for entries has passed."))
        return ""

    def is_judging(self) -> bool:
        """Judges score (each stage until its scoring deadline)."""
        return self.status == self.Status.JUDGING

    def can_publish_results(self) -> bool:
        """Anything but a draft; publishing again after correcting an award is allowed."""
        return self.status != self.Status.DRAFT

    def first_stage(self):
        return self.stages.order_by("order").first()


class CompetitionStage(models.Model):
    class Kind(models.TextChoices):
        PRELIMINARY = "preliminary", _("Preliminary round")
        SEMIFINAL = "semifinal", _("Semi-final")
        FINAL = "final", _("Final")

    ORDER = {Kind.PRELIMINARY: 1, Kind.SEMIFINAL: 2, Kind.FINAL: 3}

    competition = models.ForeignKey(Competition, models.CASCADE, related_name="stages", verbose_name=_("competition"))
    kind = models.CharField(_("stage"), max_length=20, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(_("order"), editable=False)
    # Two dates per stage: entries (or, for later stages, advanced entries' materials) close at `deadline`; judges
    # score from then until `scoring_deadline`.
    deadline = models.DateTimeField(_("entry deadline"), help_text=_("Entries close."))
    scoring_deadline = models.DateTimeField(
        _("scoring deadline"), blank=True, help_text=_("Judges may score until then; empty means the entry deadline.")
    )
    advanced_at = models.DateTimeField(_("advanced at"), null=True, blank=True)

    class Meta:
        ordering = ["competition", "order"]
        verbose_name = _("competition stage")
        verbose_name_plural = _("competition stages")
        constraints = [
            models.UniqueConstraint(fields=["competition", "kind"], name="competition_stage_unique"),
            models.CheckConstraint(
                condition=Q(scoring_deadline__gte=F("deadline")), name="competition_stage_scoring_after_entries"
            ),
        ]

    def __str__(self):
        return f"{self.competition} · {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        self.order = self.ORDER[self.kind]
        if self.scoring_deadline is None:
            self.scoring_deadline = self.deadline
        super().save(*args, **kwargs)

    def clean(self):
        if self.deadline and self.scoring_deadline and self.scoring_deadline < self.deadline:
            raise ValidationError({"scoring_deadline": _("Scoring cannot close before entries close.")})

    def scoring_open(self, now) -> bool:
        return now <= self.scoring_deadline

    def next_stage(self):
        return self.competition.stages.filter(order__gt=self.order).order_by("order").first()

    def can_advance(self) -> bool:
        """Not advanced yet, and a later stage to advance to (competition_advance refuses otherwise)."""
        return self.advanced_at is None and self.next_stage() is not None


class RubricCriterion(models.Model):
    """One scoring criterion. Judges give 0..max_score; the weight says how much it counts in the total."""

    competition = models.ForeignKey(Competition, models.CASCADE, related_name="criteria", verbose_name=_("competition"))
    name = models.CharField(_("criterion"), max_length=100)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("e.g. 30 for 30%"),
    )
    max_score = models.PositiveSmallIntegerField(_("maximum score"), default=100, validators=[MinValueValidator(1)])
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["competition", "order", "pk"]
        verbose_name = _("rubric criterion")
        verbose_name_plural = _("rubric criteria")

    def __str__(self):
        return f"{self.name} ({self.weight})"

    # Guards at the model level too, so no path (admin, shell, API) can change a rubric once scored.
    def save(self, *args, **kwargs):
        self._check_unlocked()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._check_unlocked()
        return super().delete(*args, **kwargs)

    def clean(self):
        self._check_unlocked()

    def _check_unlocked(self):
        competition_id = self.competition_id
        if competition_id and Score.objects.filter(entry__competition_id=competition_id).exists():
            raise ValidationError(RUBRIC_LOCKED_MESSAGE, code="rubric_locked")


class CompetitionEntry(models.Model):
    competition = models.ForeignKey(Competition, models.CASCADE, related_name="entries", verbose_name=_("competition"))
    enterprise = models.ForeignKey(
        "entrepreneurship.Enterprise", models.CASCADE, related_name="competition_entries", verbose_name=_("project")
    )
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="competition_entries")
    pitch = models.TextField(_("pitch"), help_text=_("What the project does, its market and its team."))
    # The furthest stage reached; staff move the top N on with competition_advance.
    stage = models.ForeignKey(CompetitionStage, models.PROTECT, related_name="+", verbose_name=_("current stage"))
    award = models.CharField(_("award"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["competition", "pk"]
        verbose_name = _("competition entry")
        verbose_name_plural = _("competition entries")
        constraints = [models.UniqueConstraint(fields=["competition", "enterprise"], name="competition_entry_unique")]

    def __str__(self):
        return f"{self.enterprise} · {self.competition}"

    class Progress(models.TextChoices):
        """An entry's steps: the rounds it reaches (the values of CompetitionStage.Kind), then the results, or the
        round it went out in. It keeps no status of its own; its services write these values to StatusChange."""

        PRELIMINARY = "preliminary", _("Preliminary round")
        SEMIFINAL = "semifinal", _("Semi-final")
        FINAL = "final", _("Final")
        NOT_ADVANCED = "not_advanced", _("Did not advance")
        RESULTS = "results", _("Results published")

    def progress_current(self) -> str:
        if self.stage.advanced_at is not None:  # its round moved the top entries on, and this one stayed
            return self.Progress.NOT_ADVANCED
        if self.competition.results_published_at is not None:
            return self.Progress.RESULTS
        return self.stage.kind

    def progress_steps(self):
        from portal.progress import HOLDER_JUDGES, step

        P = self.Progress
        stages = list(self.competition.stages.all())
        if self.progress_current() == P.NOT_ADVANCED:
            reached = [step(P, s.kind) for s in stages if s.order <= self.stage.order]
            return [*reached, step(P, P.NOT_ADVANCED, negative=True)]
        return [*(step(P, s.kind, HOLDER_JUDGES) for s in stages), step(P, P.RESULTS)]


class JudgeAssignment(models.Model):
    competition = models.ForeignKey(Competition, models.CASCADE, related_name="judges", verbose_name=_("competition"))
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="judge_assignments", verbose_name=_("judge")
    )
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("judge assignment")
        verbose_name_plural = _("judge assignments")
        constraints = [models.UniqueConstraint(fields=["competition", "judge"], name="judge_assignment_unique")]

    def __str__(self):
        return f"{self.judge} · {self.competition}"


class JudgeConflict(models.Model):
    """A declared conflict of interest: this judge does not score this entry."""

    judge = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("judge"))
    entry = models.ForeignKey(CompetitionEntry, models.CASCADE, related_name="conflicts", verbose_name=_("entry"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("declared at"), auto_now_add=True, null=True)

    class Meta:
        verbose_name = _("judge conflict of interest")
        verbose_name_plural = _("judge conflicts of interest")
        constraints = [models.UniqueConstraint(fields=["judge", "entry"], name="judge_conflict_unique")]

    def __str__(self):
        return f"{self.judge} ✕ {self.entry}"


class Score(models.Model):
    """One judge's scores for one entry in one stage: `values` maps criterion id → points."""

    entry = models.ForeignKey(CompetitionEntry, models.CASCADE, related_name="scores", verbose_name=_("entry"))
    stage = models.ForeignKey(CompetitionStage, models.CASCADE, related_name="scores", verbose_name=_("stage"))
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("judge"))
    values = models.JSONField(_("points per criterion"), default=dict)
    weighted_total = models.DecimalField(_("weighted total"), max_digits=6, decimal_places=2)
    comment = models.TextField(pgettext_lazy("judging", "comment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["entry", "stage", "judge"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["entry", "stage", "judge"], name="score_one_per_judge_stage"),
            models.CheckConstraint(
                condition=Q(weighted_total__gte=0, weighted_total__lte=100), name="score_total_0_100"
            ),
        ]

    def __str__(self):
        return f"{self.entry} · {self.stage.get_kind_display()} · {self.weighted_total}"
