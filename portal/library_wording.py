"""Wording of django-allauth's messages that its own Chinese catalogue leaves half in English ("Email地址",
"使用 passkey 登录"). Marked here so that makemessages keeps them in the project's catalogue, whose translations win
(LOCALE_PATHS come first): Chinese pages then show no English from the library. Never used in code."""

from django.utils.translation import gettext_noop

ALLAUTH_MESSAGES = [
    gettext_noop("The password reset token was invalid."),
    gettext_noop("Use authenticator app or code"),
    gettext_noop("Username or email"),
    gettext_noop("You cannot activate two-factor authentication until you have verified your email address."),
    gettext_noop("Email Addresses"),
    gettext_noop("The following email addresses are associated with your account:"),
    gettext_noop("Primary"),
    gettext_noop("Re-send Verification"),
    gettext_noop("Add Email Address"),
    gettext_noop("Add Email"),
    gettext_noop("Do you really want to remove the selected email address?"),
    gettext_noop("Hello from %(site_name)s!"),
    gettext_noop("Email Changed"),
    gettext_noop("Your email has been confirmed."),
    gettext_noop("Email Confirmation"),
    gettext_noop("Please Confirm Your Email Address"),
    gettext_noop("Email address %(deleted_email)s has been removed from your account."),
    gettext_noop("Email Removed"),
    gettext_noop("Email Address"),
    gettext_noop("Current email"),
    gettext_noop("Change Email"),
    gettext_noop("Confirm Email Address"),
    gettext_noop("Sign in with a passkey"),
    gettext_noop("You cannot remove your primary email address (%(email)s)."),
    gettext_noop("You have confirmed %(email)s."),
    gettext_noop("Removed email address %(email)s."),
    gettext_noop("Primary email address set."),
    gettext_noop("Bad Token"),
    gettext_noop("Passkey Sign Up"),
    gettext_noop("Verify Your Email Address"),
    gettext_noop("Passkey"),
    gettext_noop("This key does not indicate whether it is a passkey."),
    gettext_noop("Create Passkey"),
    gettext_noop(
        "You are about to create a passkey for your account. As you can add additional keys later on, you can use a descriptive name to tell the keys apart."  # noqa: E501
    ),
]
