"""allauth adapter: sign-ups get the user's current language; mobile numbers (stored encrypted on the User, in
11-digit mainland form) sign up and sign in with an SMS code sent through the portal's SMS channel.

E-mail is optional at sign-up, so allauth's "mandatory" verification cannot be set; `contact_unverified` keeps its
rule for every account without a verified mobile number: it must confirm its e-mail first, as before. The login
page and the API (portal.services.authentication) ask the same function."""

import uuid

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.account.stages import EmailVerificationStage as BaseEmailVerificationStage
from allauth.account.stages import PhoneVerificationStage as BasePhoneVerificationStage
from allauth.account.utils import has_verified_email
from django.utils import translation

from portal.models import SmsMessage, User
from portal.validators import normalize_phone

STAGE_REPLACEMENTS = {
    "allauth.account.stages.EmailVerificationStage": "portal.adapters.EmailVerificationStage",
    "allauth.account.stages.PhoneVerificationStage": "portal.adapters.PhoneVerificationStage",
}


def contact_unverified(user, email: str | None = None) -> bool:
    """Neither a verified mobile number nor (the given, else any) verified e-mail address: may not sign in yet."""
    return not user.phone_verified and not has_verified_email(user, email)


def phone_is_contact_only(user) -> bool:
    """An unverified number on an account that signs in by e-mail (typed on the account page): a contact number,
    not a sign-in method, so signing in does not demand an SMS code for it."""
    return bool(user.phone and not user.phone_verified and EmailAddress.objects.filter(user=user, verified=True))


class EmailVerificationStage(BaseEmailVerificationStage):
    def handle(self):
        login = self.login
        optional = account_settings.EmailVerificationMethod.OPTIONAL
        if login.email_verification == optional and contact_unverified(login.user, login.email):
            login.email_verification = account_settings.EmailVerificationMethod.MANDATORY
        return super().handle()


class PhoneVerificationStage(BasePhoneVerificationStage):
    def handle(self):
        if self.login.user and phone_is_contact_only(self.login.user):
            return None, True
        return super().handle()


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user.language = translation.get_language() or "zh-hans"
        return super().save_user(request, user, form, commit=commit)

    def get_login_stages(self) -> list[str]:
        return [STAGE_REPLACEMENTS.get(path, path) for path in super().get_login_stages()]

    def phone_form_field(self, **kwargs):
        from portal.account_forms import MainlandPhoneField

        return MainlandPhoneField(**kwargs)

    def clean_phone(self, phone: str) -> str:
        return normalize_phone(phone)

    def set_phone(self, user, phone: str, verified: bool) -> None:
        user.phone = normalize_phone(phone)
        user.phone_verified = verified
        if user.pk:
            user.save(update_fields=["phone", "phone_verified"])

    def get_phone(self, user) -> tuple[str, bool] | None:
        return (user.phone, user.phone_verified) if user.phone else None

    def set_phone_verified(self, user, phone: str) -> None:
        self.set_phone(user, phone, True)

    def get_user_by_phone(self, phone: str):
        """The account this number signs in to: only a verified number counts."""
        return User.objects.filter(User.phone_q(phone), phone_verified=True, is_active=True).first()

    def send_verification_code_sms(self, user, phone: str, code: str, **kwargs) -> None:
        from portal.services.sms import sms_queue

        sms_queue(
            idempotency_key=f"code:{uuid.uuid4().hex}",  # every request is its own message
            phone=phone,
            purpose=SmsMessage.Purpose.VERIFICATION_CODE,
            params={"code": code},
            user=user if getattr(user, "pk", None) else None,
        )
