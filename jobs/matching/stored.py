"""Reads of the stored match lists (services/recommendations.py keeps them), by key, filtered by current status:
a position closed a second ago, or a veteran who stopped letting employers find them, is gone at once. A list
never computed (or marked stale) is computed on that read.

Each read returns a lazy sequence: its `cache_key` (which rows, with which scores, computed when) costs one or two
indexed queries; the rows themselves (positions or profiles, and the reasons made from the stored components) are
loaded only when iterated, so a page whose list fragment is cached under that key does no more. Those ids and
scores are themselves kept in the cache until the next change they could show (jobs.matching.read_cache), so a
page read again does not query them.
"""

import hashlib
from collections.abc import Sequence

from django.core.paginator import Paginator
from django.db.models import F
from django.utils.functional import cached_property

from jobs.matching import read_cache, scoring, selectors
from jobs.matching.models import CandidateMatch, PositionMatchList, Recommendation, VeteranMatchList
from jobs.matching.services import recommendations
from jobs.models import Position
from portal.models import VeteranProfile

CANDIDATES_PER_PAGE = 30


def _key(*parts) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def _with_parts(row, score: int, parts: dict):
    for component in scoring.COMPONENTS:
        setattr(row, f"m_{component}", parts.get(component, 0))
    row.match_score = score
    return row


class StoredRecommendations(Sequence):
    """The veteran's best open positions as (position, Match) pairs, best first — what selectors.recommended_positions
    gives over all published positions, read from the stored list."""

    def __init__(self, profile: VeteranProfile, *, limit: int):
        self.profile = profile
        computed_at = self._settled_list()
        # The stored rows of positions open now, best first, then the newest (as positions_for_veteran orders:
        # -match_score, -published_at, -id): one query, whatever changed since.
        current = Position.objects.published().accepting().values("pk")
        rows = Recommendation.objects.filter(veteran_id=profile.pk, position_id__in=current)
        rows = rows.order_by("-score", F("position__published_at").desc(nulls_last=True), "-position_id")
        self.rows = list(rows.values_list("position_id", "score", "parts")[:limit])
        self.cache_key = _key("rec", profile.pk, computed_at, [(pk, s) for pk, s, _p in self.rows])

    def _settled_list(self):
        """When the veteran's list was computed, after computing it if needed and settling rows merged into it on
        publication; known from the cache until the list is written again (jobs.matching.read_cache)."""
        key = read_cache.read_key("rec", self.profile.pk, veteran=self.profile.pk)
        found = read_cache.kept(key)
        if found is not None:
            return found
        profile = self.profile
        state = VeteranMatchList.objects.filter(profile_id=profile.pk).first()
        if state is None or state.stale:
            state = recommendations.veteran_recommendations_compute(profile=profile)
        stored = self._stored()
        merged = [pk for pk, (_s, _p, is_merged) in stored.items() if is_merged]
        if merged:  # added on publication: scored once from the veteran's side, then like any other row
            recommendations.merged_recommendations_settle(profile=profile, position_ids=merged)
        read_cache.keep(key, state.computed_at)
        return state.computed_at

    def _stored(self) -> dict:
        rows = Recommendation.objects.filter(veteran_id=self.profile.pk).order_by("-score", "-position_id")
        rows = rows.values_list("position_id", "score", "parts", "merged")[: recommendations.KEPT_PER_VETERAN]
        return {pk: (score, parts, merged) for pk, score, parts, merged in rows}

    @cached_property
    def _pairs(self) -> list:
        if not self.rows:
            return []
        ctx = selectors.VeteranContext(self.profile)
        positions = Position.objects.select_related("organization", "region__parent__parent", "category")
        by_pk = positions.prefetch_related("military_specialties").in_bulk([pk for pk, _s, _p in self.rows])
        rows = [_with_parts(by_pk[pk], score, parts) for pk, score, parts in self.rows if pk in by_pk]
        return [(row, selectors.explain_position(row, ctx)) for row in rows]

    def __getitem__(self, index):
        if not isinstance(index, int | slice):  # a template's `results.cache_key` tries results["cache_key"] first
            raise TypeError(index)
        return self._pairs[index]

    def __len__(self):
        return len(self.rows)


def recommended_positions(profile: VeteranProfile, *, limit: int = 30) -> StoredRecommendations:
    return StoredRecommendations(profile, limit=limit)


class CandidatePage(Sequence):
    """One slice of stored candidates: ids and scores now, profiles and reasons when iterated."""

    def __init__(self, position: Position, rows: list):
        self.position, self.rows = position, rows
        self.cache_key = _key("cand", position.pk, [(pk, s, str(at)) for pk, s, _p, at in rows])

    @cached_property
    def _pairs(self) -> list:
        if not self.rows:
            return []
        ctx = selectors.PositionContext(self.position)
        profiles = VeteranProfile.objects.select_related("region").prefetch_related("military_specialties")
        by_pk = profiles.in_bulk([pk for pk, _s, _p, _at in self.rows])
        rows = [_with_parts(by_pk[pk], score, parts) for pk, score, parts, _at in self.rows if pk in by_pk]
        training = selectors._training_interface()
        trained = training.recent_graduations(user_ids=[r.user_id for r in rows]) if training else {}
        for row in rows:
            row.recent_training = trained.get(row.user_id, [])
        return [(row, selectors.explain_veteran(row, ctx)) for row in rows]

    def __getitem__(self, index):
        if not isinstance(index, int | slice):  # a template's `results.cache_key` tries results["cache_key"] first
            raise TypeError(index)
        return self._pairs[index]

    def __len__(self):
        return len(self.rows)


class StoredCandidates:
    """The position's stored candidates who may still be shown (verified, open to employers, active, seeking), best
    first, as a sequence a Paginator can count and slice (each slice is a CandidatePage)."""

    def __init__(self, position: Position):
        self.position = position
        stored = self._kept_list()
        # Who of them may be shown now (one query over at most KEPT_PER_POSITION ids), best first.
        listed = CandidateMatch.objects.filter(position_id=position.pk).values("veteran_id")  # a subquery, as above
        visible = selectors.seeking_veterans(selectors.candidate_profiles()).filter(pk__in=listed)
        users = dict(visible.values_list("pk", "user_id"))
        shown = [row for row in stored if row[0] in users]  # (a row written since the list was kept waits for it)
        self.rows = sorted(shown, key=lambda r: (-r[1], users[r[0]]))

    def _kept_list(self) -> list:
        """[(profile id, score, parts, computed at)]: the stored candidates, kept until they are written again."""
        key = read_cache.read_key("cand", self.position.pk)
        found = read_cache.kept(key)
        if found is not None:
            return found
        state = PositionMatchList.objects.filter(position_id=self.position.pk).only("stale").first()
        if state is None or state.stale:
            recommendations.position_candidates_compute(position=self.position)
        rows = CandidateMatch.objects.filter(position_id=self.position.pk)
        stored = list(rows.values_list("veteran_id", "score", "parts", "computed_at"))
        read_cache.keep(key, stored)
        return stored

    def count(self) -> int:
        return len(self.rows)

    def __getitem__(self, index: slice) -> CandidatePage:
        return CandidatePage(self.position, self.rows[index])


class TrainedCandidates:
    """Recently trained candidates, ranked on the fly: they are few (a graduation window), not the whole table."""

    def __init__(self, position: Position):
        self.position = position

    def count(self) -> int:
        return selectors.candidate_rows(self.position, recently_trained=True).count()

    def __getitem__(self, index: slice):
        start = index.start or 0
        return selectors.candidates_for_position(
            self.position, limit=index.stop - start, offset=start, recently_trained=True
        )


def candidate_page(position: Position, *, page=None, recently_trained: bool = False):
    """One page of the position's candidates ((profile, Match) pairs), best first; on the stored list, its
    object_list has a `cache_key`."""
    rows = TrainedCandidates(position) if recently_trained else StoredCandidates(position)
    return Paginator(rows, CANDIDATES_PER_PAGE).get_page(page)


def candidates_for_position(position: Position, *, limit: int = 100) -> CandidatePage:
    """The position's best candidates as (profile, Match) pairs (the API's list)."""
    return StoredCandidates(position)[:limit]
