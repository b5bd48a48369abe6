"""How the site names itself and its bureau, and where people reach the bureau about their personal data."""

from django.utils.translation import gettext_lazy as _

from .environment import env

SITE_NAME = _("Veteran Employment & Entrepreneurship Service Platform")
BUREAU_NAME = env("BUREAU_NAME", default="")
# Where people reach the bureau's personal-information contact (shown on the privacy policy, /privacy/).
PRIVACY_CONTACT_EMAIL = env("PRIVACY_CONTACT_EMAIL", default="")
PRIVACY_CONTACT_PHONE = env("PRIVACY_CONTACT_PHONE", default="")
