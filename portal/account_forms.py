"""Forms of the sign-in pages: the mobile number field allauth uses everywhere (11-digit mainland numbers, as
people type them), the sign-up form (a mobile number or an e-mail address, at least one), and claiming an account
staff created."""

from allauth.account.forms import SignupForm as BaseSignupForm
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.validators import normalize_phone, validate_phone


class MainlandPhoneField(forms.CharField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Mobile number"))
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "numeric", "maxlength": 20}),
        )
        kwargs.pop("validators", None)
        super().__init__(*args, **kwargs)

    def clean(self, value):
        value = normalize_phone(super().clean(value))
        if value:
            validate_phone(value)
        return value


class SignupForm(BaseSignupForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].label = _("Mobile number")
        self.fields["phone"].help_text = _("Sign in with this number and a code sent to it by text message.")
        self.fields["email"].help_text = _("Optional if you give a mobile number.")
        self.order_fields(["phone", "email", "username", "password1", "password2"])

    def clean(self):
        cleaned = super().clean()
        given = cleaned.get("phone") or cleaned.get("email") or self.has_error("phone") or self.has_error("email")
        if not given:
            self.add_error("phone", _("Give a mobile number or an e-mail address (or both)."))
        return cleaned


class AccountClaimForm(forms.Form):
    id_last_six = forms.CharField(
        label=_("Last six characters of your ID number"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text", "autofocus": True}),
    )
    password1 = forms.CharField(
        label=_("New password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("New password (again)"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean_id_last_six(self):
        return self.cleaned_data["id_last_six"].strip().upper()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password2") and cleaned["password1"] != cleaned["password2"]:
            self.add_error("password2", ValidationError(_("The two passwords differ."), code="password_mismatch"))
        return cleaned
