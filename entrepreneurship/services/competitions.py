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
from portal.messages import Message, choice_label
from portal.models import AuditLog
from portal.permissions import is_bureau_staff
from portal.services.audit import audit_record
from portal.services.notifications import notify
from portal.services.status_history import status_change_record

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
    scoring_deadlines: dict | None = None,
    description: str = "",
    organizer: str = "",
    open_now: bool = False,
) -> Competition:
    """Staff create a competition with its stages (entry and scoring deadlines by stage kind) and its rubric in one
    step. A stage without a scoring deadline is scored until its entry deadline (the old single date)."""
    _staff_only(user)
    kinds = CompetitionStage.Kind
    if kinds.PRELIMINARY not in deadlines or kinds.FINAL not in deadlines:
        raise ValidationError(_("A competition needs at least a preliminary round and a final."))
    scoring_deadlines = {k: v for k, v in (scoring_deadlines or {}).items() if v and k in deadlines}
    _check_schedule(deadlines, scoring_deadlines)
    competition = Competition.objects.create(
        title=title,
        description=description,
        organizer=organizer,
        status=Competition.Status.OPEN if open_now else Competition.Status.DRAFT,
        created_by=user,
    )
    for kind, deadline in deadlines.items():
        CompetitionStage.objects.create(
            competition=competition, kind=kind, deadline=deadline, scoring_deadline=scoring_deadlines.get(kind)
        )
    for order, row in enumerate(criteria):
        criterion = RubricCriterion(competition=competition, order=order, **row)
        criterion.full_clean()
        criterion.save()
    audit_record(actor=user, action=AuditLog.Action.OTHER, target=competition, detail={"event": "competition_create"})
    return competition


def _check_schedule(deadlines: dict, scoring_deadlines: dict) -> None:
    """Dates in order: each stage's entries close, then its scoring closes, then the next stage's entries close."""
    kinds = CompetitionStage.Kind
    dates = []
    for kind in (kinds.PRELIMINARY, kinds.SEMIFINAL, kinds.FINAL):
        if kind in deadlines:
            entry_deadline = deadlines[kind]
            scoring_deadline = scoring_deadlines.get(kind) or entry_deadline
            if scoring_deadline < entry_deadline:
                raise ValidationError(
                    _("%(stage)s: scoring cannot close before entries close.") % {"stage": kinds(kind).label}
                )
            dates.append((entry_deadline, scoring_deadline))
    if any(later[0] < earlier[1] or later[0] <= earlier[0] for earlier, later in pairwise(dates)):
        raise ValidationError(_("Each stage's deadline must come after the previous stage's."))
    if dates[0][0] <= timezone.now():
        raise ValidationError(_("The deadline for entries must be in the future."))


@transaction.atomic
def stage_schedule(*, stage: CompetitionStage, user, deadline, scoring_deadline) -> CompetitionStage:
    """Staff move a stage's entry and scoring deadlines (a scored stage may be extended, never cut short)."""
    _staff_only(user)
    stage = CompetitionStage.objects.select_for_update().get(pk=stage.pk)
    if scoring_deadline < deadline:
        raise ValidationError({"scoring_deadline": _("Scoring cannot close before entries close.")})
    if stage.advanced_at:
        raise ValidationError(_("Entries of this stage have already been advanced."))
    if stage.scores.exists() and scoring_deadline < stage.scoring_deadline:
        raise ValidationError(
            {"scoring_deadline": _("Judges have started scoring this stage; its scoring deadline can only move later.")}
        )
    previous = stage.competition.stages.filter(order__lt=stage.order).order_by("-order").first()
    following = stage.competition.stages.filter(order__gt=stage.order).order_by("order").first()
    if (previous and deadline < previous.scoring_deadline) or (following and following.deadline < scoring_deadline):
        raise ValidationError(_("Each stage's deadline must come after the previous stage's."))
    before = {"deadline": str(stage.deadline), "scoring_deadline": str(stage.scoring_deadline)}
    stage.deadline, stage.scoring_deadline = deadline, scoring_deadline
    stage.save(update_fields=["deadline", "scoring_deadline"])
    audit_record(actor=user, action=AuditLog.Action.OTHER, target=stage, detail={"event": "stage_schedule", **before})
    return stage


@transaction.atomic
def competition_start_judging(*, competition: Competition, user) -> Competition:
    """Staff close entries and open scoring. Needs entries, at least one judge and a rubric, so judges find work."""
    _staff_only(user)
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    if not competition.accepts_entries():
        raise ValidationError(_("Only a competition open for entries can move to judging."))
    if not competition.entries.exists():
        raise ValidationError(_("This competition has no entries to judge."))
    if not competition.judges.exists():
        raise ValidationError(_("Assign at least one judge before judging starts."))
    if not competition.criteria.exists():
        raise ValidationError(_("This competition has no scoring rubric yet."))
    competition.status = Competition.Status.JUDGING
    competition.save(update_fields=["status"])
    audit_record(actor=user, action=AuditLog.Action.APPROVE, target=competition, detail={"event": "start_judging"})
    for assignment in competition.judges.select_related("judge"):
        notify(
            recipient=assignment.judge,
            event_key=f"judging-open:{competition.pk}",
            kind="entrepreneurship",
            title=Message(_("Scoring is open: %(title)s"), title=competition.title),
            url=f"/entrepreneurship/competitions/{competition.pk}/judging/",
        )
    return competition


@transaction.atomic
def competition_open(*, competition: Competition, user) -> Competition:
    _staff_only(user)
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    if not competition.can_open():
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
    refusal = competition.entry_refusal(timezone.now())
    if refusal:
        raise ValidationError(refusal)
    first = competition.first_stage()
    if not pitch.strip():
        raise ValidationError({"pitch": _("Describe your project in a few sentences.")})
    try:
        with transaction.atomic():
            entry = CompetitionEntry.objects.create(
                competition=competition, enterprise=enterprise, submitted_by=user, pitch=pitch, stage=first
            )
    except IntegrityError:
        raise ValidationError(_("This project has already entered this competition."))
    status_change_record(subject=entry, from_status="", to_status=first.kind, actor=user)
    return entry


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
        title=Message(_("You are a judge of %(title)s"), title=competition.title),
        url=f"/entrepreneurship/competitions/{competition.pk}/judging/",
    )
    return assignment


@transaction.atomic
def conflict_declare(*, entry: CompetitionEntry, judge, user, reason: str = "") -> JudgeConflict:
    """A judge (or staff for them) declares a conflict of interest with an entry: the judge no longer scores it,
    and a score already given to it is withdrawn (kept in the audit log), so the ranking never counts it."""
    if user.pk != judge.pk:
        _staff_only(user)
    if not JudgeAssignment.objects.filter(competition_id=entry.competition_id, judge=judge).exists():
        raise AccessDenied(_("You are not a judge of this competition."), hide=user.pk == judge.pk)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say briefly why (e.g. relative, colleague, investor).")})
    conflict, created = JudgeConflict.objects.get_or_create(
        judge=judge, entry=entry, defaults={"reason": reason[:200], "declared_by": user}
    )
    if not created:
        raise ValidationError(_("This conflict of interest has already been declared."))
    withdrawn = list(Score.objects.filter(judge=judge, entry=entry).values("stage_id", "weighted_total"))
    Score.objects.filter(judge=judge, entry=entry).delete()
    audit_record(
        actor=user,
        action=AuditLog.Action.OTHER,
        target=entry,
        detail={"event": "conflict_declare", "judge": judge.pk, "reason": reason, "withdrawn": str(withdrawn)},
    )
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
    if not competition.is_judging():
        raise ValidationError(_("Scoring is not open for this competition."))
    stage = entry.stage
    # Scoring runs until the stage's own scoring deadline, after its entry deadline has passed too.
    if not stage.scoring_open(timezone.now()):
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
    chosen_ids = {e.pk for e in chosen}
    in_stage = list(CompetitionEntry.objects.filter(stage=stage))
    CompetitionEntry.objects.filter(pk__in=chosen_ids, stage=stage).update(stage=nxt)
    for entry in in_stage:  # each entry of the round either moves on or goes out here
        to_status = nxt.kind if entry.pk in chosen_ids else CompetitionEntry.Progress.NOT_ADVANCED
        status_change_record(subject=entry, from_status=stage.kind, to_status=to_status, actor=user)
    stage.advanced_at = timezone.now()
    stage.save(update_fields=["advanced_at"])
    audit_record(actor=user, action=AuditLog.Action.APPROVE, target=stage, detail={"advanced": [e.pk for e in chosen]})
    for entry in chosen:
        notify(
            recipient=entry.submitted_by,
            event_key=f"entry-advanced:{entry.pk}:{nxt.pk}",
            kind="entrepreneurship",
            title=Message(
                _("%(project)s advanced to the %(stage)s"),
                project=entry.enterprise.name,
                stage=choice_label(nxt, "kind"),
            ),
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
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    if not competition.can_publish_results():
        raise ValidationError(_("A draft competition has no results to publish."))
    first_time = competition.results_published_at is None
    competition.results_published_at = timezone.now()
    competition.status = Competition.Status.CLOSED
    competition.save(update_fields=["results_published_at", "status"])
    if first_time:  # the entries still in a round nobody advanced from reach the results
        for entry in competition.entries.filter(stage__advanced_at__isnull=True).select_related("stage"):
            status_change_record(
                subject=entry,
                from_status=entry.stage.kind,
                to_status=CompetitionEntry.Progress.RESULTS,
                actor=user,
                note=entry.award,
            )
    return competition
