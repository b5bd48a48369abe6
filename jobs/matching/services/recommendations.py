"""Stored match lists: a veteran's best open positions and a position's best candidates, computed when their
inputs change and read by key (jobs.matching.stored), instead of scoring a whole table on every page view.

The scores come from the same queryset expressions as the on-the-fly pages (selectors.positions_for_veteran and
selectors.candidate_rows), only run once per change instead of once per request:

- a veteran's list: on the first read, when their profile is saved or verified (portal.events.veteran_profile_changed
  → a task after commit), and by the periodic rebuild once it is older than MAX_AGE or marked stale;
- a position's candidates: when it is published (a task after commit), on the first read, and by the rebuild;
- a newly published position also joins every stored veteran list where it scores at least the list's floor (one
  INSERT … SELECT over the push's scoring query), so lists need not be recomputed for each new position;
- a profile change re-scores that veteran in the candidate lists they are in or may now enter;
- a closed, expired or deadline-passed position is dropped on read (the read filters on current status), and its
  rows are deleted after commit.
"""

import datetime

from django.db import connection, transaction
from django.db.models import F, Q
from django.db.models.functions import Greatest
from django.utils import timezone

from jobs.matching import scoring, selectors
from jobs.matching.models import CandidateMatch, PositionMatchList, Recommendation, VeteranMatchList
from jobs.matching.read_cache import forget_lists, forget_veteran
from jobs.models import Position
from portal.choices import EmploymentStatus
from portal.models import VeteranProfile

PARTS = [f"m_{c}" for c in scoring.COMPONENTS]
KEPT_PER_VETERAN = 100  # the API lists 100; the page shows 30
KEPT_PER_POSITION = 300  # ten pages of 30 candidates
MAX_AGE = datetime.timedelta(hours=24)  # the rebuild refreshes older lists (crosswalk edits, lists thinned by closes)
REBUILD_VETERANS = 200  # lists per periodic run (each costs one scoring query over the open positions)
REBUILD_POSITIONS = 50
CANDIDACY_POSITIONS = 300  # at most this many candidate lists re-score one veteran after a profile change


def _lock_list(model, key: str, pk: int):
    """The list's state row, created if missing, locked until the transaction ends (one computation at a time)."""
    model.objects.bulk_create([model(**{key: pk, "computed_at": timezone.now()})], ignore_conflicts=True)
    return model.objects.select_for_update().get(pk=pk)


def _parts(row: dict) -> dict:
    return {c: row[f"m_{c}"] for c in scoring.COMPONENTS}


def _floor(scores: list[int], kept: int) -> int:
    return max(1, scores[-1]) if len(scores) >= kept else 1


# --- one veteran -------------------------------------------------------------------------------------------------


def veteran_recommendations_compute(*, profile: VeteranProfile) -> VeteranMatchList:
    """Score every open position for the veteran (selectors.positions_for_veteran) and store the best."""
    scored = selectors.positions_for_veteran(profile).filter(match_score__gte=1)
    rows = list(scored.values("pk", "match_score", *PARTS)[:KEPT_PER_VETERAN])
    now = timezone.now()
    with transaction.atomic():
        forget_veteran(profile.pk)  # the pages' kept reads (jobs.matching.read_cache): now, and on commit
        state = _lock_list(VeteranMatchList, "profile_id", profile.pk)
        Recommendation.objects.filter(veteran_id=profile.pk).delete()
        Recommendation.objects.bulk_create(
            [
                Recommendation(
                    veteran_id=profile.pk, position_id=r["pk"], score=r["match_score"], parts=_parts(r), computed_at=now
                )
                for r in rows
            ]
        )
        state.computed_at, state.stale = now, False
        state.floor_score = _floor([r["match_score"] for r in rows], KEPT_PER_VETERAN)
        state.save()
    return state


def merged_recommendations_settle(*, profile: VeteranProfile, position_ids: list[int]) -> None:
    """Re-score rows added on publication (`merged`) from the veteran's side, as the list's own rows were."""
    scored = selectors.positions_for_veteran(profile, Position.objects.filter(pk__in=position_ids))
    found = {r["pk"]: r for r in scored.values("pk", "match_score", *PARTS)}
    now = timezone.now()
    with transaction.atomic():
        forget_veteran(profile.pk)
        rows = Recommendation.objects.select_for_update().filter(veteran_id=profile.pk, position_id__in=position_ids)
        for row in rows:
            match = found.get(row.position_id)
            if match is None or match["match_score"] < 1:
                row.delete()
                continue
            row.score, row.parts, row.merged, row.computed_at = match["match_score"], _parts(match), False, now
            row.save(update_fields=["score", "parts", "merged", "computed_at"])


def veteran_recommendations_refresh(*, profile_id: int) -> VeteranProfile | None:
    """Recompute the veteran's list, or drop everything stored about them when they can no longer be matched
    (profile not verified, or gone). Returns the profile when it can be matched."""
    profile = VeteranProfile.objects.verified().select_related("region").filter(pk=profile_id).first()
    if profile is None:
        with transaction.atomic():
            forget_lists()  # the pages' kept reads (jobs.matching.read_cache): now, and on commit
            VeteranMatchList.objects.filter(profile_id=profile_id).delete()
            Recommendation.objects.filter(veteran_id=profile_id).delete()
            CandidateMatch.objects.filter(veteran_id=profile_id).delete()
        return None
    veteran_recommendations_compute(profile=profile)
    return profile


def veteran_matches_refresh(*, profile_id: int) -> None:
    """After a profile change: recompute the veteran's list and re-score them in the candidate lists they are in
    or may now enter (those of their best positions)."""
    if veteran_recommendations_refresh(profile_id=profile_id) is None:
        return
    listed = CandidateMatch.objects.filter(veteran_id=profile_id).values_list("position_id", flat=True)
    likely = Recommendation.objects.filter(veteran_id=profile_id).values_list("position_id", flat=True)
    ids = list(dict.fromkeys([*listed[:CANDIDACY_POSITIONS], *likely]))[:CANDIDACY_POSITIONS]
    states = PositionMatchList.objects.filter(position_id__in=ids, position__status=Position.Status.PUBLISHED)
    for state in states.select_related("position__category", "position__region"):
        _candidacy_update(state, profile_id)


def _candidacy_update(state: PositionMatchList, profile_id: int) -> None:
    """Re-score one veteran in one stored candidate list (selectors.candidate_rows, restricted to them)."""
    row = selectors.candidate_rows(state.position, among=[profile_id]).values("match_score", *PARTS).first()
    if row is not None and row["match_score"] >= state.floor_score:
        CandidateMatch.objects.update_or_create(
            position_id=state.position_id,
            veteran_id=profile_id,
            defaults={"score": row["match_score"], "parts": _parts(row), "computed_at": timezone.now()},
        )
    else:
        CandidateMatch.objects.filter(position_id=state.position_id, veteran_id=profile_id).delete()
    forget_lists()


# --- one position ------------------------------------------------------------------------------------------------


def position_candidates_compute(*, position: Position) -> PositionMatchList:
    """Score the veterans open to employers for the position (selectors.candidate_rows) and store the best."""
    rows = list(selectors.candidate_rows(position).values("pk", "match_score", *PARTS)[:KEPT_PER_POSITION])
    now = timezone.now()
    with transaction.atomic():
        forget_lists()  # the pages' kept reads (jobs.matching.read_cache): now, and on commit
        state = _lock_list(PositionMatchList, "position_id", position.pk)
        CandidateMatch.objects.filter(position_id=position.pk).delete()
        CandidateMatch.objects.bulk_create(
            [
                CandidateMatch(
                    position_id=position.pk,
                    veteran_id=r["pk"],
                    score=r["match_score"],
                    parts=_parts(r),
                    computed_at=now,
                )
                for r in rows
            ]
        )
        state.computed_at, state.stale = now, False
        state.floor_score = _floor([r["match_score"] for r in rows], KEPT_PER_POSITION)
        state.save()
    return state


def position_recommendations_merge(*, position: Position) -> int:
    """Add a newly published position to every stored veteran list where it scores at least the list's floor,
    in one statement (the push's scoring query, selectors.veterans_for_position). Returns the rows written.

    That query leaves out veterans not seeking work; their lists are marked stale instead."""
    listed = VeteranProfile.objects.filter(match_list__isnull=False)
    scored = (
        selectors.veterans_for_position(position, listed)
        .filter(match_score__gte=Greatest(F("match_list__floor_score"), 1))
        .values(m_veteran=F("pk"), m_score=F("match_score"))
    )
    sql, params = scored.query.sql_with_params()
    table = Recommendation._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        forget_lists()  # the pages' kept reads (jobs.matching.read_cache): now, and on commit
        # Table name from the model, the query from the ORM (parameters bound). WHERE true: SQLite needs it to
        # tell an upsert's ON CONFLICT from a join's ON.
        insert = (
            f"INSERT INTO {table} (veteran_id, position_id, score, parts, merged, computed_at) "  # noqa: S608
            f"SELECT m.m_veteran, %s, m.m_score, '{{}}', true, %s FROM ({sql}) AS m WHERE true "
            "ON CONFLICT (veteran_id, position_id) DO UPDATE SET score = excluded.score, merged = true"
        )
        cursor.execute(insert, (position.pk, timezone.now(), *params))
        written = cursor.rowcount
        VeteranMatchList.objects.filter(
            Q(profile__employment_status=EmploymentStatus.NOT_SEEKING) | Q(profile__user__is_active=False)
        ).update(stale=True)
    return written


def position_matches_refresh(*, position_id: int) -> None:
    """After a publish: store the position's candidates and add it to the veterans' lists. After a close (or any
    change that takes it off the market): delete its stored rows."""
    position = Position.objects.select_related("category", "region").filter(pk=position_id).first()
    if position is None or not position.is_published():
        position_matches_drop(position_id=position_id)
        return
    position_candidates_compute(position=position)
    position_recommendations_merge(position=position)


def position_matches_drop(*, position_id: int) -> None:
    with transaction.atomic():
        forget_lists()  # the pages' kept reads (jobs.matching.read_cache): now, and on commit
        Recommendation.objects.filter(position_id=position_id).delete()
        CandidateMatch.objects.filter(position_id=position_id).delete()
        PositionMatchList.objects.filter(position_id=position_id).delete()


# --- the periodic rebuild ----------------------------------------------------------------------------------------


def stale_matches_rebuild(*, veterans: int = REBUILD_VETERANS, positions: int = REBUILD_POSITIONS, now=None) -> dict:
    """Recompute the stalest stored lists (marked stale, or older than MAX_AGE), oldest first, a batch at a time;
    drop lists of positions no longer open. Returns how many of each were done."""
    now = now or timezone.now()
    due = Q(stale=True) | Q(computed_at__lt=now - MAX_AGE)
    closed = PositionMatchList.objects.exclude(position__status=Position.Status.PUBLISHED)
    dropped = 0
    for position_id in closed.values_list("position_id", flat=True)[:1000]:
        position_matches_drop(position_id=position_id)
        dropped += 1
    done_veterans = 0
    for state in VeteranMatchList.objects.filter(due).order_by("-stale", "computed_at")[:veterans]:
        veteran_recommendations_refresh(profile_id=state.profile_id)
        done_veterans += 1
    done_positions = 0
    due_positions = PositionMatchList.objects.filter(due, position__status=Position.Status.PUBLISHED)
    for state in due_positions.select_related("position__category", "position__region").order_by(
        "-stale", "computed_at"
    )[:positions]:
        position_candidates_compute(position=state.position)
        done_positions += 1
    return {"veterans": done_veterans, "positions": done_positions, "dropped": dropped}
