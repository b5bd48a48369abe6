"""Saved-search alerts, delivered through the matcher's exactly-once push (jobs.matching.services.bulk_notify: one
bulk insert that skips notices already there, e-mail per each person's preference).

A position is announced to a person once, however many of their searches match it:
- instantly, when it is published: the notice has the matcher's own event key (`position-published:<id>`), unique
  per recipient, so the person gets one notice about the position whether the matcher's push or the alert comes
  first; a SearchAlertDelivery row (unique per person and position) records it;
- in the daily or weekly digest: one notice per person and period listing the new positions of all their searches
  of that frequency, leaving out every position already announced (delivery rows) or pushed by the matcher.
Each batch of people runs in one transaction with their saved searches locked, so a rerun, a duplicate task or an
instant alert running beside a digest cannot announce a position twice.
"""

import datetime
from collections import defaultdict

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy, ngettext_lazy

from jobs.matching.selectors import RECIPIENT_VALUES
from jobs.matching.services import Notice, bulk_notify, position_event_key
from jobs.models import Position, SavedSearch, SearchAlertDelivery
from jobs.selectors import position_search
from jobs.services.saved_searches import unsubscribe_url
from portal.messages import Localized, Message, lines
from portal.models import Notification

KIND = "saved_search"
USER_BATCH = 500
DIGEST_LISTED = 10
DIGEST_RECORDED = 50
LOOKBACK = {
    SavedSearch.Frequency.DAILY: datetime.timedelta(days=2),
    SavedSearch.Frequency.WEEKLY: datetime.timedelta(days=8),
}
PUSH_PREFIX = "position-published:"


def _filters_key(search: SavedSearch) -> tuple:
    f = search.filters()
    return tuple((k, getattr(v, "pk", v)) for k, v in sorted(f.items()) if k != "sort")


def _matches(search: SavedSearch):
    """The search page's own query for this saved search (jobs.selectors.position_search), unordered."""
    filters = search.filters()
    filters.pop("sort")
    return position_search(**filters).order_by()


def searches_matching(position: Position, searches) -> dict[int, list[SavedSearch]]:
    """Of these saved searches, those the position matches, by person: one query per distinct set of filters."""
    groups: dict[tuple, list[SavedSearch]] = defaultdict(list)
    for search in searches:
        groups[_filters_key(search)].append(search)
    matched: dict[int, list[SavedSearch]] = defaultdict(list)
    for group in groups.values():
        if _matches(group[0]).filter(pk=position.pk).exists():
            for search in group:
                matched[search.user_id].append(search)
    return matched


def _lock_searches(user_ids) -> None:
    # In one order (person, row) everywhere, so two runs wait for each other instead of deadlocking.
    list(SavedSearch.objects.select_for_update().filter(user_id__in=user_ids).order_by("user_id", "pk").values("pk"))


def _recipient_rows(searches: dict[int, list[SavedSearch]]) -> list[dict]:
    first = [found[0].pk for found in searches.values()]
    return list(SavedSearch.objects.filter(pk__in=first).order_by("user_id").values(*RECIPIENT_VALUES))


def _stop_line(user_id: int, searches) -> Message:
    return Message(
        gettext_lazy("To stop these alerts, open: %(url)s"), url=unsubscribe_url(user_id, [s.pk for s in searches])
    )


def _names(searches) -> str:
    return "、".join(f"「{s.name}」" for s in searches)


# --- instantly, when a position is published ----------------------------------------------------------------------


def search_alerts_instant_send(*, position_id: int) -> int:
    """Announce a just-published position to everyone with a matching instant search. Returns the notices offered."""
    position = (
        Position.objects.select_related("organization", "region")
        .filter(pk=position_id, status=Position.Status.PUBLISHED)
        .first()
    )
    if position is None:
        return 0
    searches = SavedSearch.objects.filter(
        frequency=SavedSearch.Frequency.INSTANT, user__is_active=True, created_at__lte=position.published_at
    ).select_related("region", "category", "fair")
    matched = searches_matching(position, searches)
    offered = 0
    user_ids = sorted(matched)
    for start in range(0, len(user_ids), USER_BATCH):
        batch = user_ids[start : start + USER_BATCH]
        with transaction.atomic():
            _lock_searches(batch)
            offered += _announce_instantly(position, {u: matched[u] for u in batch})
    return offered


def _announce_instantly(position: Position, matched: dict[int, list[SavedSearch]]) -> int:
    event_key = position_event_key(position.pk)
    already = set(
        SearchAlertDelivery.objects.filter(position=position, user_id__in=matched).values_list("user_id", flat=True)
    )
    already |= set(
        Notification.objects.filter(event_key=event_key, recipient_id__in=matched).values_list(
            "recipient_id", flat=True
        )
    )
    matched = {u: found for u, found in matched.items() if u not in already}
    if not matched:
        return 0
    SearchAlertDelivery.objects.bulk_create(
        [
            SearchAlertDelivery(
                user_id=u, position=position, saved_search=found[0], frequency=SavedSearch.Frequency.INSTANT
            )
            for u, found in matched.items()
        ],
        ignore_conflicts=True,
    )
    SavedSearch.objects.filter(pk__in=[s.pk for found in matched.values() for s in found]).update(
        last_alerted_at=timezone.now()
    )

    sent = Localized.of(lambda: position.region.label)

    def notice(row):
        found = matched[row["user_id"]]
        return Notice(
            Message(gettext_lazy("New position for your saved search: %(title)s"), title=position.title),
            lines(
                Message(
                    gettext_lazy("%(employer)s, %(region)s, %(salary)s CNY/month."),
                    employer=position.organization.name,
                    region=sent,
                    salary=position.salary_display(),
                ),
                Message(
                    gettext_lazy("It matches your saved searches %(names)s."), names=Localized.of(lambda: _names(found))
                ),
                _stop_line(row["user_id"], found),
            ),
        )

    return bulk_notify(
        rows=_recipient_rows(matched), event_key=event_key, kind=KIND, notice=notice, url=f"/jobs/{position.pk}/"
    )


# --- daily and weekly digests --------------------------------------------------------------------------------------


def digest_event_key(frequency: str, day: datetime.date) -> str:
    if frequency == SavedSearch.Frequency.WEEKLY:
        year, week, _weekday = day.isocalendar()
        return f"saved-search-weekly:{year}-W{week:02d}"
    return f"saved-search-daily:{day.isoformat()}"


def search_alerts_digest_send(*, frequency: str, day: datetime.date | None = None) -> int:
    """Send this period's digest to everyone with a daily (or weekly) search that has new positions. Safe to rerun:
    the period's notice is unique per person and announced positions are recorded."""
    if frequency not in LOOKBACK:
        raise ValueError(frequency)
    event_key = digest_event_key(frequency, day or timezone.localdate())
    user_ids = sorted(
        set(SavedSearch.objects.filter(frequency=frequency, user__is_active=True).values_list("user_id", flat=True))
    )
    offered = 0
    for start in range(0, len(user_ids), USER_BATCH):
        with transaction.atomic():
            offered += _digest_batch(frequency, event_key, user_ids[start : start + USER_BATCH])
    return offered


def _digest_batch(frequency: str, event_key: str, user_ids: list[int]) -> int:
    _lock_searches(user_ids)
    done = set(
        Notification.objects.filter(event_key=event_key, recipient_id__in=user_ids).values_list(
            "recipient_id", flat=True
        )
    )
    searches: dict[int, list[SavedSearch]] = defaultdict(list)
    for search in (
        SavedSearch.objects.filter(frequency=frequency, user_id__in=set(user_ids) - done)
        .select_related("region", "category", "fair")
        .order_by("user_id", "pk")
    ):
        searches[search.user_id].append(search)
    contents = {}
    now = timezone.now()
    for user_id, found in searches.items():
        positions, used = _new_positions(user_id, found, now - LOOKBACK[frequency])
        if positions:
            SearchAlertDelivery.objects.bulk_create(
                [
                    SearchAlertDelivery(user_id=user_id, position=p, saved_search=s, frequency=frequency)
                    for p, s in positions
                ],
                ignore_conflicts=True,
            )
            contents[user_id] = ([p for p, _s in positions], used)
    if not contents:
        return 0
    SavedSearch.objects.filter(pk__in=[s.pk for _p, used in contents.values() for s in used]).update(
        last_alerted_at=now
    )

    def notice(row):
        positions, used = contents[row["user_id"]]
        return _digest_notice(row["user_id"], positions, used)

    rows = _recipient_rows({u: used for u, (_p, used) in contents.items()})
    return bulk_notify(rows=rows, event_key=event_key, kind=KIND, notice=notice, url=reverse("jobs:saved_searches"))


def _new_positions(user_id: int, searches: list[SavedSearch], since) -> tuple[list[tuple], list[SavedSearch]]:
    """(position, search) pairs published since the search was saved (and within the look-back) that nobody has
    announced to the person yet, newest first, and the searches that found them."""
    # Every candidate was published since `since`, so whatever announced it came later.
    announced = set(
        SearchAlertDelivery.objects.filter(user_id=user_id, created_at__gte=since).values_list("position_id", flat=True)
    )
    for key in Notification.objects.filter(
        recipient_id=user_id, event_key__startswith=PUSH_PREFIX, created_at__gte=since
    ).values_list("event_key", flat=True):
        announced.add(int(key[len(PUSH_PREFIX) :]))
    found: dict[int, tuple] = {}
    for search in searches:
        for position in (
            _matches(search)
            .filter(published_at__gte=max(since, search.created_at))
            .exclude(pk__in=announced)
            .order_by("-published_at", "-pk")[:DIGEST_RECORDED]
        ):
            found.setdefault(position.pk, (position, search))
    pairs = sorted(found.values(), key=lambda pair: (pair[0].published_at, pair[0].pk), reverse=True)[:DIGEST_RECORDED]
    used = list({s.pk: s for _p, s in pairs}.values())
    return pairs, used


def _digest_notice(user_id: int, positions: list[Position], used: list[SavedSearch]) -> Notice:
    count = len(positions)
    title = Message(
        ngettext_lazy(
            "%(count)s new position matches your saved searches",
            "%(count)s new positions match your saved searches",
            count,
        ),
        count=count,
    )
    parts = [
        Message(
            "· %(title)s — %(employer)s, %(region)s, %(salary)s",
            title=p.title,
            employer=p.organization.name,
            region=Localized.of(lambda p=p: p.region.label),
            salary=p.salary_display(),
        )
        for p in positions[:DIGEST_LISTED]
    ]
    if count > DIGEST_LISTED:
        parts.append(Message(gettext_lazy("…and %(n)s more."), n=count - DIGEST_LISTED))
    parts.append(
        Message(gettext_lazy("Found by your saved searches %(names)s."), names=Localized.of(lambda: _names(used)))
    )
    parts.append(_stop_line(user_id, used))
    return Notice(title, lines(*parts))
