"""Competitions: entries, judge assignment and conflicts, scoring, rankings, advancing and awards.

Ranking rule (documented on the results page): for each entry in a stage, every judge's score is a weighted total
on a 0–100 scale, Σ(points_c / max_c × weight_c) / Σ weight_c × 100, rounded to 0.01. With three or more judges'
totals, the single highest and single lowest are dropped and the rest averaged (trimmed mean); with one or two,
all are averaged. The mean is rounded half-up to 0.01. Entries rank by that mean, highest first; ties share the
same position and are listed by entry number.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entrepreneurship.models import (
    Competition,
    CompetitionEntry,
    CompetitionStage,
    JudgeAssignment,
    JudgeConflict,
    RubricCriterion,
    Score,
)
from portal.exceptions import AccessDenied
from portal.models import AuditLog
from portal.permissions import is_bureau_staff
from portal.services.audit import audit_record
from portal.services.notifications import notify

CENT = Decimal("0.01")


def _staff_only(user):
    if not is_bureau_staff(user):
        raise AccessDenied(_("Only bureau staff can do this."))


@transaction.atomic
def competition_create(
    *,
    user,
    title: str,
    deadlines: dict,
    criteria: list[dict],
    description: str = "",
    organizer: str = "",
    open_now: bool = False,
) -> Competition:
    """Staff create a competition with its stages (deadlines by stage kind) and its rubric in one step."""
    _staff_only(user)
    kinds = CompetitionStage.Kind
    if kinds.PRELIMINARY not in deadlines or kinds.FINAL not in deadlines:
        raise ValidationError(_("A competition needs at least a preliminary round and a final."))
    ordered = [deadlines[k] for k in (kinds.PRELIMINARY, kinds.SEMIFINAL, kinds.FINAL) if k in deadlines]
    if any(later <= earlier for earlier, later in pairwise(ordered)):
        raise ValidationError(_("Each stage's deadline must come after the previous stage's."))
    if ordered[0] <= timezone.now():
        raise ValidationError(_("The deadline for entries must be in the future."))
    competition = Competition.objects.create(
        title=title,
        description=description,
        organizer=organizer,
        status=Competition.Status.OPEN if open_now else Competition.Status.DRAFT,
        created_by=user,
    )
    for kind, deadline in deadlines.items():
        CompetitionStage.objects.create(competition=competition, kind=kind, deadline=deadline)
    for order, row in enumerate(criteria):
        criterion = RubricCriterion(competition=competition, order=order, **row)
        criterion.full_clean()
        criterion.save()
    audit_record(actor=user, action=AuditLog.Action.OTHER, target=competition, detail={"event": "competition_create"})
    return competition


@transaction.atomic
def competition_open(*, competition: Competition, user) -> Competition:
    _staff_only(user)
    if competition.status != Competition.Status.DRAFT:
        raise ValidationError(_("Only a draft competition can be opened for entries."))
    competition.status = Competition.Status.OPEN
    competition.save(update_fields=["status"])
    return competition


@transaction.atomic
def criterion_save(*, competition: Competition, user, name: str, weight, max_score: int = 100, criterion=None):
    _staff_only(user)
    criterion = criterion or RubricCriterion(competition=competition)
    criterion.name, criterion.weight, criterion.max_score = name, Decimal(str(weight)), max_score
    criterion.full_clean()  # refuses with a clear message once the rubric is locked
    criterion.save()
    return criterion


@transaction.atomic
def entry_submit(*, user, competition: Competition, enterprise, pitch: str) -> CompetitionEntry:
    if enterprise.founder_id != user.pk:
        raise AccessDenied(_("This enterprise is not yours."), hide=True)
    if competition.status != Competition.Status.OPEN:
        raise ValidationError(_("This competition is not open for entries."))
    first = competition.first_stage()
    if first is None:
        raise ValidationError(_("This competition has no stages yet."))
    if first.deadline < timezone.now():
        raise ValidationError(_("The deadline for entries has passed."))
    if not pitch.strip():
        raise ValidationError({"pitch": _("Describe your project in a few sentences.")})
    try:
        with transaction.atomic():
            return CompetitionEntry.objects.create(
                competition=competition, enterprise=enterprise, submitted_by=user, pitch=pitch, stage=first
            )
    except IntegrityError:
        raise ValidationError(_("This project has already entered this competition."))


@transaction.atomic
def judge_assign(*, competition: Competition, judge, user) -> JudgeAssignment:
    _staff_only(user)
    assignment, _created = JudgeAssignment.objects.get_or_create(
        competition=competition, judge=judge, defaults={"assigned_by": user}
    )
    notify(
        recipient=judge,
        event_key=f"judge-assigned:{competition.pk}",
        kind="entrepreneurship",
        title=_("You are a judge of %(title)s") % {"title": competition.title},
        url=f"/entrepreneurship/competitions/{competition.pk}/judging/",
    )
    return assignment


@transaction.atomic
def conflict_declare(*, entry: CompetitionEntry, judge, user, reason: str = "") -> JudgeConflict:
    if user.pk != judge.pk:
        _staff_only(user)
    conflict, _created = JudgeConflict.objects.get_or_create(judge=judge, entry=entry, defaults={"reason": reason})
    return conflict


def judge_may_score(judge, entry: CompetitionEntry) -> bool:
    return not (
        entry.enterprise.founder_id == judge.pk
        or entry.submitted_by_id == judge.pk
        or JudgeConflict.objects.filter(judge=judge, entry=entry).exists()
    )


def weighted_total(criteria: list[RubricCriterion], values: dict) -> Decimal:
    """Σ(points / max × weight) / Σ weight × 100, on a 0–100 scale, rounded half-up to 0.01."""
    total_weight = sum((c.weight for c in criteria), Decimal(0))
    acc = sum((Decimal(values[str(c.pk)]) / Decimal(c.max_score) * c.weight for c in criteria), Decimal(0))
    return (acc / total_weight * 100).quantize(CENT, ROUND_HALF_UP)


def _clean_values(criteria, values: dict) -> dict:
    cleaned, errors = {}, []
    for c in criteria:
        raw = values.get(str(c.pk), values.get(c.pk))
        try:
            points = int(raw)
        except (TypeError, ValueError):
            errors.append(_("Give a whole number of points for “%(name)s”.") % {"name": c.name})
            continue
        if not 0 <= points <= c.max_score:
            errors.append(
                _("Points for “%(name)s” must be between 0 and %(max)s.") % {"name": c.name, "max": c.max_score}
            )
        cleaned[str(c.pk)] = points
    if errors:
        raise ValidationError({"values": errors})
    return cleaned


@transaction.atomic
def score_submit(*, judge, entry: CompetitionEntry, values: dict, comment: str = "") -> Score:
    """A judge scores an entry in its current stage (again before the deadline replaces their own score)."""
    entry = CompetitionEntry.objects.select_related("competition", "enterprise", "stage").get(pk=entry.pk)
    competition = entry.competition
    if not JudgeAssignment.objects.filter(competition=competition, judge=judge).exists():
        raise AccessDenied(_("You are not a judge of this competition."))
    if not judge_may_score(judge, entry):
        raise AccessDenied(_("You cannot score this entry: it is your own or you declared a conflict of interest."))
    if competition.status != Competition.Status.JUDGING:
        raise ValidationError(_("Scoring is not open for this competition."))
    stage = entry.stage
    if stage.deadline < timezone.now():
        raise ValidationError(_("Scoring for this stage has closed."))
    criteria = list(competition.criteria.all())
    if not criteria:
        raise ValidationError(_("This competition has no scoring rubric yet."))
    cleaned = _clean_values(criteria, values)
    score, _created = Score.objects.update_or_create(
        entry=entry,
        stage=stage,
        judge=judge,
        defaults={"values": cleaned, "weighted_total": weighted_total(criteria, cleaned), "comment": comment},
    )
    return score


def trimmed_mean(totals: list[Decimal]) -> Decimal:
    values = sorted(totals)
    if len(values) >= 3:
        values = values[1:-1]
    return (sum(values, Decimal(0)) / len(values)).quantize(CENT, ROUND_HALF_UP)


@dataclass
class RankedEntry:
    position: int
    entry: CompetitionEntry
    mean: Decimal
    judges: int


def stage_ranking(stage: CompetitionStage) -> list[RankedEntry]:
    totals: dict[int, list[Decimal]] = {}
    for entry_id, total in Score.objects.filter(stage=stage).values_list("entry_id", "weighted_total"):
        totals.setdefault(entry_id, []).append(total)
    entries = CompetitionEntry.objects.filter(pk__in=totals).select_related("enterprise").in_bulk()
    rows = sorted(((trimmed_mean(t), entry_id, len(t)) for entry_id, t in totals.items()), key=lambda r: (-r[0], r[1]))
    ranked, position, previous = [], 0, None
    for index, (mean, entry_id, n) in enumerate(rows, start=1):
        if mean != previous:
            position, previous = index, mean
        ranked.append(RankedEntry(position=position, entry=entries[entry_id], mean=mean, judges=n))
    return ranked


@transaction.atomic
def competition_advance(*, stage: CompetitionStage, top_n: int, user) -> list[CompetitionEntry]:
    """Move the top N entries of this stage (by the ranking above) to the next stage."""
    _staff_only(user)
    stage = CompetitionStage.objects.select_for_update().get(pk=stage.pk)
    nxt = stage.next_stage()
    if nxt is None:
        raise ValidationError(_("This is the last stage; record awards instead."))
    if stage.advanced_at:
        raise ValidationError(_("Entries of this stage have already been advanced."))
    if top_n < 1:
        raise ValidationError({"top_n": _("Advance at least one entry.")})
    chosen = [r.entry for r in stage_ranking(stage)[:top_n]]
    CompetitionEntry.objects.filter(pk__in=[e.pk for e in chosen], stage=stage).update(stage=nxt)
    stage.advanced_at = timezone.now()
    stage.save(update_fields=["advanced_at"])
    audit_record(actor=user, action=AuditLog.Action.APPROVE, target=stage, detail={"advanced": [e.pk for e in chosen]})
    for entry in chosen:
        notify(
            recipient=entry.submitted_by,
            event_key=f"entry-advanced:{entry.pk}:{nxt.pk}",
            kind="entrepreneurship",
            title=_("%(project)s advanced to the %(stage)s")
            % {"project": entry.enterprise.name, "stage": nxt.get_kind_display()},
            url=f"/entrepreneurship/competitions/{stage.competition_id}/",
        )
    return chosen


@transaction.atomic
def award_record(*, entry: CompetitionEntry, award: str, user) -> CompetitionEntry:
    _staff_only(user)
    entry.award = award.strip()
    entry.save(update_fields=["award"])
    return entry


@transaction.atomic
def results_publish(*, competition: Competition, user) -> Competition:
    _staff_only(user)
    competition.results_published_at = timezone.now()
    competition.status = Competition.Status.CLOSED
    competition.save(update_fields=["results_published_at", "status"])
    return competition
