"""How the API knows who is calling: a portal API key (`Authorization: Token <key>`) or the browser session.

Both hold bureau staff to their second factor, as the pages do (portal.staff.middleware): a staff key is issued
only with the current TOTP code (portal.services.authentication), and a staff session counts only once it has
passed the second factor in this session."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.authentication import SessionScheme
from rest_framework import authentication, exceptions

from portal.models import ApiToken
from portal.models.tokens import key_hash
from portal.services.tokens import api_token_touch


def _staff_without_second_factor_key(user, token: ApiToken) -> bool:
    return getattr(settings, "STAFF_REQUIRE_MFA", True) and not token.second_factor and user.is_bureau_staff


class ApiTokenAuthentication(authentication.TokenAuthentication):
    """DRF's `Token` header scheme (partners' clients keep working), checked against hashed, expiring keys."""

    keyword = "Token"

    def authenticate_credentials(self, key):
        now = timezone.now()
        token = ApiToken.objects.usable(now).select_related("user").filter(key_hash=key_hash(key)).first()
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid, expired or revoked API key."))
        user = token.user
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        if _staff_without_second_factor_key(user, token):
            raise exceptions.AuthenticationFailed(_("This staff API key was issued without the second factor."))
        api_token_touch(token=token, now=now)
        return user, token


class StaffSecondFactorSessionAuthentication(authentication.SessionAuthentication):
    """Session authentication (with DRF's CSRF check) that refuses a staff session without its second factor."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None or not getattr(settings, "STAFF_REQUIRE_MFA", True):
            return result
        from portal.staff.middleware import passed_second_factor

        user = result[0]
        if user.is_bureau_staff and not passed_second_factor(request._request):
            raise exceptions.PermissionDenied(
                _("Bureau staff must confirm their second factor (authenticator code) before using the API.")
            )
        return result


class StaffSecondFactorSessionScheme(SessionScheme):
    """The OpenAPI description of the session scheme above: a session cookie, as DRF's."""

    target_class = StaffSecondFactorSessionAuthentication
