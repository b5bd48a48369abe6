"""Whole-page caching for public pages that anonymous visitors load most (the job search)."""

import hashlib
import time
from functools import wraps

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.translation import get_language

from portal.elder import elder_mode_on

STALE_SECONDS = 30  # how long a page past its time may still be served while one request renders the next copy
REFRESH_LOCK_SECONDS = 10


def cache_page_for_anonymous(timeout: int, *, prefix: str):
    """Serve a GET page from the cache to anonymous visitors, per language and full path (query string included).

    Signed-in users always get a fresh page (it shows their name and their own links). A response is stored only
    when it is a 200 that sets no cookie, and never while the visitor has a message waiting, so nothing personal
    is ever shared: the page a cached response came from must have no per-visitor content for anonymous visitors
    (base.html's language form needs no CSRF token for that reason; see portal/urls.py). Pages are up to
    `timeout` seconds old, which callers choose to match their own caches (search results: a minute), plus the
    time one request takes to render the next copy (up to STALE_SECONDS if that request fails)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method != "GET" or request.user.is_authenticated or len(messages.get_messages(request)):
                return view(request, *args, **kwargs)
            digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:40]
            # Elder mode changes the page (a class on <html>, the short menu): one copy per setting.
            key = f"page:{prefix}:{get_language()}:{int(elder_mode_on(request))}:{digest}"
            entry = cache.get(key)
            if entry is not None:
                fresh_until, body = entry
                # Past its time, one request (the one that takes the refresh lock) renders the page again; the
                # others keep getting the previous copy meanwhile instead of all rendering it at once.
                if time.time() < fresh_until or not cache.add(f"{key}:refresh", 1, REFRESH_LOCK_SECONDS):
                    return HttpResponse(body)
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.cookies and not response.streaming:
                cache.set(key, (time.time() + timeout, response.content), timeout + STALE_SECONDS)
            if entry is not None:
                cache.delete(f"{key}:refresh")
            return response

        return wrapper

    return decorator
