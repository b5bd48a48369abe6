"""Signing in outside the login page (the API's token endpoint) with the login page's own rules.

The password goes through allauth's LoginForm, as on the page: the same `login_failed` rate limits and lockout,
counted under the same keys (a lock earned on the page holds here and the other way round), and the same
"e-mail must be verified unless the mobile number is" rule (portal.adapters.contact_unverified). A second factor
is checked as allauth's MFA login stage checks it, with its own per-account rate limit: required for every account
that has one, and for bureau staff always (a staff account without an authenticator must enrol on the website first)."""

from dataclasses import dataclass

from allauth.account.forms import LoginForm
from allauth.mfa.base.forms import BaseAuthenticateForm
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from portal.adapters import contact_unverified


@dataclass
class SignInRefused(Exception):
    """Why a sign-in was refused: `reason` is a stable code for clients, `message` a translated sentence."""

    reason: str
    message: str

    def __str__(self):
        return str(self.message)


def _needs_second_factor(user) -> bool:
    return is_mfa_enabled(user) or (user.is_bureau_staff and getattr(settings, "STAFF_REQUIRE_MFA", True))


def _first_error(form, field: str = "__all__"):
    for error in form.errors.as_data().get(field, []):
        return error
    return None


def _check_password(*, request, login: str, password: str):
    form = LoginForm(data={"login": login, "password": password}, request=request)
    if form.is_valid():
        return form.user, form._login.email  # the address signed in with, if any: the page checks that one
    error = _first_error(form) or _first_error(form, "login") or _first_error(form, "password")
    if error is not None and error.code == "too_many_login_attempts":
        raise SignInRefused("too_many_attempts", " ".join(error.messages))
    raise SignInRefused("invalid_credentials", _("Wrong username or password."))


def _check_second_factor(*, user, code: str) -> None:
    if not Authenticator.objects.filter(user=user).exclude(type=Authenticator.Type.WEBAUTHN).exists():
        raise SignInRefused(
            "second_factor_not_set_up",
            _("Set up an authenticator app on the website (sign in there once) before using the API."),
        )
    if not code:
        raise SignInRefused(
            "second_factor_required", _('This account needs its authenticator code: send it as "code".')
        )
    form = BaseAuthenticateForm(data={"code": code}, user=user)
    if form.is_valid():
        form.authenticator.record_usage()
        return
    error = _first_error(form, "code")
    if error is not None and error.code == "too_many_login_attempts":
        raise SignInRefused("too_many_attempts", " ".join(error.messages))
    raise SignInRefused("invalid_code", _("The authenticator code is not correct."))


def api_sign_in(*, request, login: str, password: str, code: str = ""):
    """The user these credentials sign in, checked as the login page checks them, or SignInRefused.

    Returns (user, second_factor_checked). `request` is the Django request (its client address keys the limits)."""
    user, email = _check_password(request=request, login=login, password=password)
    if contact_unverified(user, email):
        raise SignInRefused(
            "email_not_verified",
            _("Confirm your e-mail address first: sign in on the website to receive a new confirmation e-mail."),
        )
    if not _needs_second_factor(user):
        return user, False
    _check_second_factor(user=user, code=code)
    return user, True
