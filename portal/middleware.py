"""Site-wide middleware of the shell: staff sessions that end, the one page mapping of AccessDenied, and the
Permissions-Policy.

Staff sessions end: after STAFF_SESSION_IDLE_TIMEOUT seconds without a request, and STAFF_SESSION_MAX_AGE
seconds after sign-in at the latest. Other users keep Django's SESSION_COOKIE_AGE.

The session records when it started (at sign-in, portal.signals) and when it was last used (rewritten at most once
a minute, so an active staff member does not cost a session write per request). The session's own expiry follows
the idle timeout too, so the store drops an abandoned staff session even if it is never presented again."""

import time
from functools import wraps

import csp.constants
import csp.middleware
import csp.utils
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import Http404
from django.urls import get_resolver, get_urlconf
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from portal.exceptions import AccessDenied
from portal.models import Role
from portal.user_cache import in_staff_rules, session_user

STARTED_KEY = "_portal_session_started"
SEEN_KEY = "_portal_session_seen"
SEEN_RESOLUTION = 60


def session_started(request, user) -> None:
    session = getattr(request, "session", None)
    if session is None:
        return
    now = int(time.time())
    session[STARTED_KEY] = session[SEEN_KEY] = now
    # Asked of the database, not `user.is_bureau_staff`, which would cache the roles on the caller's user object
    # before a sign-in flow (or a test) changes them.
    if user.is_active and (user.is_staff or user.groups.filter(name=Role.STAFF).exists()):
        session.set_expiry(settings.STAFF_SESSION_IDLE_TIMEOUT)


def staff_session_expired(session, now: float) -> bool:
    started, seen = session.get(STARTED_KEY), session.get(SEEN_KEY)
    if started is None or seen is None:
        return False
    return now - seen > settings.STAFF_SESSION_IDLE_TIMEOUT or now - started > settings.STAFF_SESSION_MAX_AGE


class StaffSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        has_session = bool(request.COOKIES.get(settings.SESSION_COOKIE_NAME))
        if has_session and in_staff_rules(request.user):
            self.check(request)
        return self.get_response(request)

    def check(self, request) -> None:
        session, now = request.session, int(time.time())
        if staff_session_expired(session, now):
            logout(request)
            if not request.path_info.startswith("/api/"):
                messages.info(request, _("For security, staff are signed out after a period of inactivity."))
            return
        if session.get(STARTED_KEY) is None:  # a session from before this rule: its clock starts now
            session[STARTED_KEY] = now
        if session.get(SEEN_KEY) is None or now - session[SEEN_KEY] >= SEEN_RESOLUTION:
            session[SEEN_KEY] = now
            left = settings.STAFF_SESSION_MAX_AGE - (now - session[STARTED_KEY])
            session.set_expiry(max(1, min(settings.STAFF_SESSION_IDLE_TIMEOUT, left)))


class CachedUserAuthenticationMiddleware(AuthenticationMiddleware):
    """Django's AuthenticationMiddleware, with the signed-in user's row from the cache (portal.user_cache.session_user)
    instead of a user query on every request; the same user, session checks and anonymous fallback."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _session_user(request))


def _session_user(request):
    if not hasattr(request, "_cached_user"):  # the attribute Django's own get_user and login() use
        request._cached_user = session_user(request)
    return request._cached_user


class AccessDeniedMiddleware:
    """A page view's AccessDenied(hide=True) answers the site's 404 page, as an id that does not exist would.

    A plain AccessDenied is left to Django, which answers any PermissionDenied with handler403 (templates/403.html,
    showing the translated reason). DRF views handle their exceptions themselves (portal.api.exceptions).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not (isinstance(exception, AccessDenied) and exception.hide):
            return None
        handler = get_resolver(get_urlconf()).resolve_error_handler(404)
        return handler(request, exception=Http404())


def _allowlist(origins) -> str:
    return "(" + " ".join("self" if origin == "self" else f'"{origin}"' for origin in origins) + ")"


class PermissionsPolicyMiddleware:
    """Sends settings.PERMISSIONS_POLICY as the Permissions-Policy header, e.g. ``camera=(), microphone=()``.

    A view widens it for its own responses with @permissions_policy(camera=["self"]) (the QR scanner pages). The
    site-wide header is built once: it is on every response, /healthz/ included.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = dict(getattr(settings, "PERMISSIONS_POLICY", {}))
        self.header = _policy_header(self.policy)

    def __call__(self, request):
        response = self.get_response(request)
        if "Permissions-Policy" not in response:
            overrides = getattr(response, "permissions_policy", None)
            header = _policy_header({**self.policy, **overrides}) if overrides else self.header
            if header:
                response["Permissions-Policy"] = header
        return response


def _policy_header(policy: dict) -> str:
    return ", ".join(f"{feature}={_allowlist(origins)}" for feature, origins in policy.items())


class CSPMiddleware(csp.middleware.CSPMiddleware):
    """django-csp's middleware, with the site-wide Content-Security-Policy built once instead of per response.

    A response that no view adjusted (csp_update/csp_replace/csp_exempt), for a request that drew no nonce, gets the
    same header every time; anything else goes through django-csp unchanged. The cache follows override_settings."""

    _site_header: str | None = None
    _ADJUSTED = ("_csp_config", "_csp_update", "_csp_replace", "_csp_exempt")

    def process_response(self, request, response):
        plain = (
            getattr(request, "_csp_nonce", None) is None
            and not any(hasattr(response, name) for name in self._ADJUSTED)
            and not getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
            and not (settings.CONTENT_SECURITY_POLICY or {}).get("EXCLUDE_URL_PREFIXES")
            and not (settings.DEBUG and response.status_code in (404, 500))
        )
        if not plain:
            return super().process_response(request, response)
        if CSPMiddleware._site_header is None:
            CSPMiddleware._site_header = csp.utils.build_policy()
        if CSPMiddleware._site_header and csp.constants.HEADER not in response:
            response[csp.constants.HEADER] = CSPMiddleware._site_header
        return response


@receiver(setting_changed)
def _forget_csp_header(*, setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        CSPMiddleware._site_header = None


def permissions_policy(**features):
    """Widen the site's Permissions-Policy for one view: @permissions_policy(camera=["self"]).

    Feature names use underscores for hyphens (display_capture=...)."""
    overrides = {name.replace("_", "-"): list(origins) for name, origins in features.items()}

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            response.permissions_policy = {**getattr(response, "permissions_policy", {}), **overrides}
            return response

        return wrapped

    return decorator
