"""Site-wide response middleware of the shell: the one page mapping of AccessDenied, and the Permissions-Policy."""

from functools import wraps

from django.conf import settings
from django.http import Http404
from django.urls import get_resolver, get_urlconf

from portal.exceptions import AccessDenied


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

    A view widens it for its own responses with @permissions_policy(camera=["self"]) (the QR scanner pages).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = dict(getattr(settings, "PERMISSIONS_POLICY", {}))

    def __call__(self, request):
        response = self.get_response(request)
        if "Permissions-Policy" not in response:
            policy = {**self.policy, **getattr(response, "permissions_policy", {})}
            if policy:
                response["Permissions-Policy"] = ", ".join(f"{f}={_allowlist(o)}" for f, o in policy.items())
        return response


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
