"""`python manage.py staff_totp <username>`: give a staff account a TOTP authenticator (allauth.mfa) and print its
secret, so demo and test set-ups can log in to /staff/ with a second factor. `--code` prints the current code.

Never for real accounts: staff enrol their own authenticator app at /accounts/2fa/totp/activate/ (the staff MFA
middleware sends them there). Refused under production settings.
"""

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal.models import User

DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 (public demo secret, demo-staff only)


def current_code(secret: str) -> str:
    import time

    from allauth.mfa import app_settings

    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))


class Command(BaseCommand):
    help = "Create (if missing) a TOTP authenticator for a staff user and print its secret (demo and test only)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--secret", help="Base32 secret to use (default: random; 'demo' = the demo secret)")
        parser.add_argument("--code", action="store_true", help="Also print the code valid right now")

    def handle(self, *args, username, secret=None, code=False, **options):
        if (settings.SETTINGS_MODULE or "").endswith("production"):
            raise CommandError("staff_totp is for demos and tests; staff enrol their own authenticator in production.")
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        if not user.is_bureau_staff:
            raise CommandError(f"{username} is not bureau staff.")
        authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
        if authenticator is None:
            secret = DEMO_TOTP_SECRET if secret == "demo" else (secret or generate_totp_secret())  # noqa: S105
            authenticator = TOTP.activate(user, secret).instance
            self.stdout.write(f"TOTP authenticator created for {username}.")
        secret = decrypt(authenticator.data["secret"])
        self.stdout.write(f"secret: {secret}")
        self.stdout.write(
            f"otpauth://totp/{settings.MFA_TOTP_ISSUER}:{username}?secret={secret}&issuer={settings.MFA_TOTP_ISSUER}"
        )
        if code:
            self.stdout.write(f"code now: {current_code(secret)}")
