"""allauth adapter: sign-ups get the user's current language; new users start with notice preferences."""

from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user.language = translation.get_language() or "zh-hans"
        return super().save_user(request, user, form, commit=commit)
