"""`python manage.py seed_demo`: idempotent demo data and demo accounts (for demos and tests, never production)."""

import importlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal import demo

PILLARS = ["jobs", "jobs.matching", "training", "entrepreneurship", "benefits"]


class Command(BaseCommand):
    help = "Create demo data and one demo account per role (password: portal-demo-2026). Safe to run twice."

    def handle(self, *args, **options):
        if settings.SETTINGS_MODULE.endswith("production"):
            raise CommandError("seed_demo is for demos and tests; it never runs with production settings.")
        accounts: dict = {}
        demo.seed_demo(stdout=self.stdout, accounts=accounts)
        for app in PILLARS:
            try:
                module = importlib.import_module(f"{app}.demo")
            except ModuleNotFoundError:
                continue
            module.seed_demo(stdout=self.stdout, accounts=accounts)
        self.stdout.write(self.style.SUCCESS("Demo accounts (password: %s):" % demo.DEMO_PASSWORD))
        for username, _role, description in demo.DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<18} {description}")
