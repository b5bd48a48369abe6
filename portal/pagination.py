"""Page counts over large tables: COUNT(*) of a list of 100,000 positions on every page view (or API call) is most
of that request's cost, and nobody needs it to the row. CachedCountPaginator counts a query once and keeps a large
total in the cache for COUNT_CACHE_SECONDS, keyed by the query's SQL and parameters (so one user's scoped list never
shares another's count); a small total (under EXACT_BELOW) is cheap to count and stays exact on every call.

A cached total may lag the table by the rows written in the last minute: the page links and "N results" of a long
list are that much out of date, never the rows shown."""

import hashlib

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import router
from django.utils.functional import cached_property

COUNT_CACHE_SECONDS = 60
EXACT_BELOW = 1000


def count_cache_key(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    alias = router.db_for_read(queryset.model)
    digest = hashlib.sha256(f"{alias}\n{sql}\n{params!r}".encode()).hexdigest()[:40]
    return f"page-count:{digest}"


def cached_count(queryset) -> int:
    """The number of rows of `queryset`, from the cache when it is large and was counted in the last minute."""
    unordered = queryset.order_by()
    key = count_cache_key(unordered)
    total = cache.get(key)
    if total is None:
        total = unordered.count()
        if total >= EXACT_BELOW:
            cache.set(key, total, COUNT_CACHE_SECONDS)
    return total


class CachedCountPaginator(Paginator):
    """A Paginator whose total comes from cached_count() (querysets; other sequences count as usual)."""

    @cached_property
    def count(self):
        if hasattr(self.object_list, "query"):
            return cached_count(self.object_list)
        return super().count
