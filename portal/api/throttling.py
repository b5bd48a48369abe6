"""Rate limits for the API, counted in the Django cache (Redis in production, so shared by every worker).

REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] applies three to every view: per anonymous client address, per
signed-in user, and per scope for costly endpoints (a view's `throttle_scope`, or `throttle_action_scopes` for one
action of a viewset, e.g. {"list": "search"}). Rates are REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]."""

from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle, UserRateThrottle

# INCR, and start the expiry with the first increment: one round trip, and a counter never outlives its window.
_INCR_LUA = "local n = redis.call('INCR', KEYS[1]) if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end return n"


def count_in_window(cache, key: str, timeout: int) -> int:
    """Add one to the counter `key` (created with `timeout` seconds to live) and return the new count.

    On django-redis one Lua call; on other backends (the tests' local memory) Django's incr/add."""
    client = getattr(cache, "client", None)
    if client is not None and hasattr(client, "get_client"):  # django-redis
        return int(client.get_client(write=True).eval(_INCR_LUA, 1, cache.make_and_validate_key(key), timeout))
    try:
        return cache.incr(key)
    except ValueError:  # the window's first request
        return 1 if cache.add(key, 1, timeout) else cache.incr(key)


class _FixedWindow:
    """The fixed-window count, for a throttle whose rate and scope are already set."""

    def _allow_in_window(self, request, view) -> bool:
        if self.rate is None:
            return True
        ident = self.get_cache_key(request, view)
        if ident is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.window_end = (window + 1) * self.duration
        return count_in_window(self.cache, f"{ident}:{window}", self.duration + 1) <= self.num_requests

    def wait(self):
        return max(0.0, self.window_end - self.now)


class FixedWindowAnonRateThrottle(_FixedWindow, AnonRateThrottle):
    """Rate "anon", per client address, for requests without a signed-in user."""

    def allow_request(self, request, view):
        return self._allow_in_window(request, view)


class FixedWindowUserRateThrottle(_FixedWindow, UserRateThrottle):
    """Rate "user", per signed-in user (anonymous requests are the anonymous throttle's)."""

    def allow_request(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return True  # counted by the anonymous throttle
        return self._allow_in_window(request, view)


class FixedWindowScopedRateThrottle(_FixedWindow, ScopedRateThrottle):
    """ScopedRateThrottle's scopes and rates (DEFAULT_THROTTLE_RATES), counted per fixed window.

    DRF's SimpleRateThrottle keeps each client's request times as a list: every request reads the whole list from
    the cache and writes it back, and two requests of one client at the same moment can both read before either
    writes (a lost update lets both through). Here each (client, window) has one counter, incremented atomically:
    one cache round trip per request, and never more than `num_requests` allowed in a window. The price of fixed
    windows is that a client may spend one window's allowance at its end and the next at the start of the next."""

    def allow_request(self, request, view):
        action_scopes = getattr(view, "throttle_action_scopes", None) or {}
        self.scope = action_scopes.get(getattr(view, "action", None)) or getattr(view, self.scope_attr, None)
        if not self.scope:
            return True
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return self._allow_in_window(request, view)
