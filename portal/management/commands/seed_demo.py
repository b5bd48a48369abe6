"""`python manage.py seed_demo`: idempotent demo data and demo accounts (for demos and tests, never production)."""

import importlib
import io

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import module_has_submodule

from portal import demo
from portal.management.commands.staff_totp import DEMO_TOTP_SECRET
from portal.pillars import pillars


def demo_data_seed(*, stdout, accounts: dict) -> None:
    """Every pillar's demo data (its `demo.seed_demo`), in INSTALLED_APPS order: the shell first, whose accounts
    and regions the others use."""
    for pillar in pillars():
        app = apps.get_app_config(pillar.label)
        if module_has_submodule(app.module, "demo"):
            importlib.import_module(f"{app.name}.demo").seed_demo(stdout=stdout, accounts=accounts)


class Command(BaseCommand):
    help = "Create demo data and one demo account per role (password: portal-demo-2026). Safe to run twice."

    def handle(self, *args, **options):
        if settings.SETTINGS_MODULE.endswith("production"):
            raise CommandError("seed_demo is for demos and tests; it never runs with production settings.")
        accounts: dict = {}
        demo_data_seed(stdout=self.stdout, accounts=accounts)
        # Bureau staff need a second factor for /staff/ and /admin/: demo-staff gets a TOTP with a public demo secret.
        call_command("staff_totp", "demo-staff", "--secret", "demo", stdout=io.StringIO())
        self.stdout.write(self.style.SUCCESS("Demo accounts (password: %s):" % demo.DEMO_PASSWORD))
        for username, _role, description in demo.DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<18} {description}")
        self.stdout.write(
            "  demo-staff's second factor: TOTP secret %s (any authenticator app), or the current code with "
            "`make demo-code`." % DEMO_TOTP_SECRET
        )
