"""Pages: a veteran's recommended positions (with reasons) and an employer's best-matching veterans."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from jobs.matching import selectors
from jobs.matching.models import WeeklyPick
from jobs.matching.permissions import employer_position_or_404, matchable_profile
from jobs.models import Position


@login_required
def recommended(request):
    profile = matchable_profile(request.user)
    picks = (
        WeeklyPick.objects.for_week(timezone.localdate())
        .filter(position__status=Position.Status.PUBLISHED)
        .select_related("position", "position__organization", "position__region")
        .order_by("sort_order", "id")
    )
    results = selectors.recommended_positions(profile, limit=30) if profile else []
    return render(request, "matching/recommended.html", {"profile": profile, "results": results, "picks": picks})


@login_required
def position_candidates(request, pk: int):
    position = employer_position_or_404(request.user, pk)
    results = selectors.candidates_for_position(position, limit=30)
    return render(request, "matching/candidates.html", {"position": position, "results": results})
