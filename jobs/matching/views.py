"""Pages: a veteran's recommended positions (with reasons) and an employer's best-matching veterans."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from jobs.matching import read_cache, selectors, stored
from jobs.matching.models import WeeklyPick
from jobs.matching.permissions import employer_position_or_404, matchable_profile
from jobs.matching.services.graduates import occupation_positions
from jobs.models import Position
from portal.models import OccupationCategory


def _occupations(request) -> list:
    """The occupations a link asks for (?occupations=3,7 — from a graduate's notice); unknown ids are ignored."""
    ids = [part for part in request.GET.get("occupations", "").split(",")[:20] if part.strip().isdigit()]
    return list(OccupationCategory.objects.filter(pk__in=ids)) if ids else []


@login_required
def recommended(request):
    profile = matchable_profile(request.user)
    picks = (
        WeeklyPick.objects.for_week(timezone.localdate())
        .filter(position__status=Position.Status.PUBLISHED)
        .select_related("position", "position__organization", "position__region")
        .order_by("sort_order", "id")
    )
    occupations = _occupations(request)
    if profile is None:
        results = []
    elif occupations:  # a graduate's link: ranked on the fly among the positions of those occupations
        among = occupation_positions([o.pk for o in occupations])
        results = selectors.recommended_positions(profile, limit=30, queryset=among)
    else:
        results = stored.recommended_positions(profile, limit=30)
    context = {
        "profile": profile,
        "results": results,
        "picks": picks,
        "picks_key": read_cache.picks_key(timezone.localdate()),
        "occupations": occupations,
    }
    return render(request, "matching/recommended.html", context)


@login_required
def position_candidates(request, pk: int):
    position = employer_position_or_404(request.user, pk)
    trained_only = request.GET.get("trained") == "1"
    page = stored.candidate_page(position, page=request.GET.get("page"), recently_trained=trained_only)
    context = {"position": position, "results": page.object_list, "page": page, "trained_only": trained_only}
    return render(request, "matching/candidates.html", context)
