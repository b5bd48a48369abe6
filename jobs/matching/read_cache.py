"""The stored match lists' rows as the pages read them (jobs.matching.stored), kept in the cache from one write to
the next, so a page read again skips the list's own queries. What may be shown of those rows now (a position still
open, a veteran still findable) is still asked of the database on every read, so a change no hook saw (a queryset
update of a position's status, a profile hidden) shows at once.

A kept read is found under a key made of what it reads and the tokens that the writes it could show replace:

- the lists token: the writes of jobs.matching.services.recommendations that reach many lists (a position's
  candidates computed, a veteran re-scored in them, a new position merged into veterans' lists or stale flags set,
  a position's or a veteran's rows dropped);
- for a veteran's own list, that veteran's token: their list computed or its merged rows settled (a veteran's first
  visit computes their list; that must not make everyone else's reads stale).

The week's picks, rendered, are kept for a minute under the week and a picks token that any saved or deleted pick
replaces (a pick's position closed or edited shows within that minute, as the job search's results do).

As in jobs.page_cache, the tokens are read before the rows, and replaced again when the transaction commits."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from jobs import page_cache

LISTS_KEY = "matching:lists"
PICKS_KEY = "matching:picks"
KEPT_SECONDS = 600


def _veteran_key(profile_id: int) -> str:
    return f"matching:veteran:{profile_id}"


def read_key(kind: str, pk: int, *, veteran: int | None = None) -> str:
    """The key of a kept read now ("" when the cache keeps nothing: read the database)."""
    names = [LISTS_KEY] + ([_veteran_key(veteran)] if veteran is not None else [])
    found = page_cache.tokens(names)
    return f"matching-read:{kind}:{pk}:{':'.join(found)}" if found else ""


def kept(key: str):
    return cache.get(key) if key else None


def keep(key: str, value) -> None:
    if key:
        cache.set(key, value, KEPT_SECONDS)


def forget_lists() -> None:
    page_cache.replace_tokens([LISTS_KEY])


def forget_veteran(profile_id: int) -> None:
    page_cache.replace_tokens([_veteran_key(profile_id)])


def picks_key(day) -> str:
    """The key part of the week's rendered picks ("" to render afresh)."""
    from jobs.matching.models import monday_of

    found = page_cache.tokens([PICKS_KEY])
    return f"{monday_of(day).isoformat()}:{found[0]}" if found else ""


def _on_pick(sender, **kwargs):
    page_cache.replace_tokens([PICKS_KEY])


def connect() -> None:
    from jobs.matching.models import WeeklyPick

    post_save.connect(_on_pick, sender=WeeklyPick, dispatch_uid="matching-picks-save")
    post_delete.connect(_on_pick, sender=WeeklyPick, dispatch_uid="matching-picks-delete")
