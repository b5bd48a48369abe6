"""Bureau staff need a second factor (TOTP through allauth.mfa) for /staff/, /admin/ and every other page they use.

Staff pages are not only under /staff/ (review queues and acting-for pages live in each pillar app), so a staff
account is held to the second factor everywhere except the sign-in pages themselves, static files, the health
check, the language switch and the API. The API holds staff to the same rule itself, answering JSON rather than
redirecting (portal.api.authentication): a staff key is issued only with the TOTP code, and a staff session counts
there only once `passed_second_factor`.

- Staff without a TOTP authenticator are sent to allauth's activation page (`mfa_activate_totp`).
- Staff with one must have passed it in this session. allauth's login flow asks for the code at login and records
  {"method": "mfa"} among the session's authentication records; a session that lacks it (e.g. TOTP was activated
  after logging in) is sent to allauth's `mfa_reauthenticate`, which asks for the code and records it.
Switched off with settings.STAFF_REQUIRE_MFA = False (the test settings do, so other apps' tests can
force_login staff users; the staff tests switch it on).
"""

from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from portal.user_cache import in_staff_rules

EXEMPT_PREFIXES = ("/accounts/", "/static/", "/media/", "/healthz/", "/i18n/", "/api/")


def passed_second_factor(request) -> bool:
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, request.user))


class StaffMFAMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        redirect_to = self.check(request)
        if redirect_to:
            return redirect(redirect_to)
        return self.get_response(request)

    def check(self, request) -> str | None:
        if not getattr(settings, "STAFF_REQUIRE_MFA", True):
            return None
        path = request.path_info
        if path.startswith(EXEMPT_PREFIXES):
            return None
        user = request.user
        if not in_staff_rules(user):  # the cached record: no groups query on every page of every user
            return None  # the views themselves refuse non-staff
        query = urlencode({"next": request.get_full_path()})
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            return f"{reverse('mfa_activate_totp')}?{query}"
        if not passed_second_factor(request):
            return f"{reverse('mfa_reauthenticate')}?{query}"
        return None
