"""Whole-page caching for public pages that many people load (the job search): for anonymous visitors, and, with
`signed_in=True`, shared between signed-in users whose pages differ only in their own header items and CSRF token.

A page shared between signed-in users is rendered with holes where those go (the context processor gives the
template markers instead of them, `page_holes`) and stored once per *record shape*: the user's roles, main menu,
elder-mode tasks and what the job pages offer them (portal.user_cache), so users whose menus differ never share a
copy. Each request fills the holes with its own user's items (includes/header_personal.html) and CSRF token. Staff,
whose header follows their staff row and second factor, and anyone with a message waiting get a fresh page."""

import hashlib
import time
from functools import wraps

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.crypto import salted_hmac
from django.utils.translation import get_language

from portal.elder import elder_mode_on
from portal.user_cache import in_staff_rules, user_record

STALE_SECONDS = 30  # how long a page past its time may still be served while one request renders the next copy
REFRESH_LOCK_SECONDS = 10


# Letters and digits only (they pass HTML escaping unchanged), with a part nobody outside can guess: a query string
# that echoes a marker would only ever be filled with the reader's own items, but it cannot even name one.
_NONCE = None


def _marker(name: str) -> str:
    global _NONCE
    if _NONCE is None:
        _NONCE = salted_hmac("portal.cache.page_holes", "markers").hexdigest()[:20]
    return f"pagehole{_NONCE}{name}"


def rendering_with_holes(request) -> bool:
    return getattr(request, "_portal_page_holes", False)


def hole_context() -> dict:
    """What the context processor gives a page rendered to be shared: markers for the personal parts."""
    return {"csrf_token": _marker("csrf"), "page_holes": {"header": _marker("header")}}


def _shape(record) -> str:
    """Users with the same shape see the same page apart from the holes."""
    parts = (
        sorted(record.roles),
        record.navigation,
        record.main_tasks,
        record.offers_applying,
        record.applies_as_family,
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:24]


def _fill(body: bytes, request, record) -> bytes:
    token = get_token(request)  # one token for every form on the page, as {% csrf_token %} would give
    header = render_to_string(
        "includes/header_personal.html",
        {"user": request.user, "unread_notifications": record.unread, "csrf_token": token},
    )
    text = body.decode()
    return text.replace(_marker("header"), header).replace(_marker("csrf"), token).encode()


def _shared_key(request) -> tuple[str, object] | None:
    """The signed-in user's part of the key and their record, or None when their page is not shared."""
    if request.method != "GET" or not request.user.is_authenticated or in_staff_rules(request.user):
        return None
    record = user_record(request.user)
    return (f"signed:{_shape(record)}", record) if record is not None and record.generation else None


def cache_shared_page(timeout: int, *, prefix: str, signed_in: bool = False, tokens=None):
    """Serve a GET page from the cache to anonymous visitors, per language and full path (query string included);
    with `signed_in`, to signed-in users too, one copy per record shape with their own parts filled in (above).

    Without it signed-in users always get a fresh page (it shows their name and their own links). A response is
    stored only when it is a 200 that sets no cookie, and never while the visitor has a message waiting, so nothing
    personal is ever shared: the page a cached response came from must have no per-visitor content for anonymous
    visitors (base.html's language form needs no CSRF token for that reason; see portal/urls.py). Pages are up to
    `timeout` seconds old, which callers choose to match their own caches (search results: a minute), plus the
    time one request takes to render the next copy (up to STALE_SECONDS if that request fails). `tokens`, a
    function, names data the page shows whose change must show at once: its answer is part of the key."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            shared = _shared_key(request) if signed_in else None
            if request.method != "GET" or (request.user.is_authenticated and shared is None):
                return view(request, *args, **kwargs)
            if len(messages.get_messages(request)):
                return view(request, *args, **kwargs)
            who, record = shared or ("visitor", None)
            digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:40]
            # Elder mode changes the page (a class on <html>, the short menu): one copy per setting.
            key = f"page:{prefix}:{who}:{get_language()}:{int(elder_mode_on(request))}:{digest}"
            if tokens is not None:
                key = f"{key}:{tokens()}"
            entry = cache.get(key)
            if entry is not None:
                fresh_until, body = entry
                # Past its time, one request (the one that takes the refresh lock) renders the page again; the
                # others keep getting the previous copy meanwhile instead of all rendering it at once.
                if time.time() < fresh_until or not cache.add(f"{key}:refresh", 1, REFRESH_LOCK_SECONDS):
                    return HttpResponse(_fill(body, request, record) if record else body)
            request._portal_page_holes = record is not None
            response = view(request, *args, **kwargs)
            request._portal_page_holes = False
            if response.status_code == 200 and not response.cookies and not response.streaming:
                cache.set(key, (time.time() + timeout, response.content), timeout + STALE_SECONDS)
            if record is not None and not response.streaming:
                response.content = _fill(response.content, request, record)
            if entry is not None:
                cache.delete(f"{key}:refresh")
            return response

        return wrapper

    return decorator
