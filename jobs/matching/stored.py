"""Reads of the stored match lists (services/recommendations.py keeps them): the pages and the API read a
veteran's or a position's list by key and re-score only those few rows with the selectors' expressions, for the
reasons beside each row and for the current status — a position closed a second ago, or a veteran who stopped
letting employers find them, is gone at once. A list never computed (or marked stale) is computed on that read.
"""

from django.core.paginator import Paginator

from jobs.matching import selectors
from jobs.matching.models import CandidateMatch, PositionMatchList, Recommendation, VeteranMatchList
from jobs.matching.services import recommendations
from jobs.models import Position
from portal.models import VeteranProfile

CANDIDATES_PER_PAGE = 30


def recommended_positions(profile: VeteranProfile, *, limit: int = 30):
    """The veteran's best open positions as (position, Match) pairs, best first (as selectors.recommended_positions
    over all published positions)."""
    state = VeteranMatchList.objects.filter(profile_id=profile.pk).only("stale").first()
    if state is None or state.stale:
        recommendations.veteran_recommendations_compute(profile=profile)
    kept = Recommendation.objects.filter(veteran_id=profile.pk).order_by("-score", "-position_id")
    kept = kept.values("position_id")[: recommendations.KEPT_PER_VETERAN]
    among = Position.objects.published().filter(pk__in=kept)
    return selectors.recommended_positions(profile, limit=limit, queryset=among)


def _stored_candidates(position: Position):
    state = PositionMatchList.objects.filter(position_id=position.pk).only("stale").first()
    if state is None or state.stale:
        recommendations.position_candidates_compute(position=position)
    kept = CandidateMatch.objects.filter(position_id=position.pk).order_by("-score", "veteran_id")
    return kept.values("veteran_id")[: recommendations.KEPT_PER_POSITION]


class CandidateRows:
    """The ranked candidates as a sequence a Paginator can count and slice (each slice is one small query)."""

    def __init__(self, position: Position, *, recently_trained: bool = False):
        self.position = position
        self.recently_trained = recently_trained
        # Recently trained veterans are few (a graduation window): they are ranked on the fly, all of them.
        self.among = None if recently_trained else _stored_candidates(position)

    def count(self) -> int:
        return selectors.candidate_rows(self.position, among=self.among, recently_trained=self.recently_trained).count()

    def __getitem__(self, index: slice):
        start, stop = index.start or 0, index.stop
        return selectors.candidates_for_position(
            self.position,
            limit=stop - start,
            offset=start,
            recently_trained=self.recently_trained,
            among=self.among,
        )


def candidate_page(position: Position, *, page=None, recently_trained: bool = False):
    """One page of the position's candidates ((profile, Match) pairs), best first."""
    rows = CandidateRows(position, recently_trained=recently_trained)
    return Paginator(rows, CANDIDATES_PER_PAGE).get_page(page)


def candidates_for_position(position: Position, *, limit: int = 100):
    """The position's best candidates as (profile, Match) pairs (the API's list)."""
    return selectors.candidates_for_position(position, limit=limit, among=_stored_candidates(position))
