"""Site-wide response middleware of the shell: the one page mapping of AccessDenied, and the Permissions-Policy."""

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
