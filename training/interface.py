"""What other apps may ask the training app, kept small and stable so they never import its models, services or
selectors (jobs.matching shows employers "recently trained" candidates through it). Training itself imports nothing
of the jobs app: it announces graduations through portal.events.training_graduated."""

import datetime

from django.utils import timezone

from training.models import Enrollment

RECENT_DAYS = 180  # "recently trained": completed a class in the last six months


def _recent_completions(days: int):
    since = timezone.now() - datetime.timedelta(days=days)
    return Enrollment.objects.filter(status=Enrollment.Status.COMPLETED, completed_at__gte=since)


def recently_trained_user_ids(*, days: int = RECENT_DAYS):
    """A queryset of the user ids who completed a class in the last `days` days, to use as a subquery
    (`user_id__in=...`)."""
    return _recent_completions(days).values("veteran_id")


def recent_graduations(*, user_ids, days: int = RECENT_DAYS) -> dict[int, list[str]]:
    """{user id: titles of the courses each completed in the last `days` days, latest first} for these users."""
    rows = (
        _recent_completions(days)
        .filter(veteran_id__in=list(user_ids))
        .order_by("-completed_at")
        .values_list("veteran_id", "training_class__course__title")
    )
    found: dict[int, list[str]] = {}
    for user_id, title in rows:
        titles = found.setdefault(user_id, [])
        if title not in titles:
            titles.append(title)
    return found
