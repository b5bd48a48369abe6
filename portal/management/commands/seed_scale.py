"""`python manage.py seed_scale --veterans N --positions N --cards N …`: large synthetic data for bench/.

Each app contributes options and a loader in its `scale.py` (`add_arguments(parser)`, `seed_scale(options, stdout)`).
"""

import importlib

from django.core.management.base import BaseCommand
from django.db import connection

APPS = ["portal", "jobs", "jobs.matching", "training", "entrepreneurship", "benefits"]


def _modules():
    for app in APPS:
        try:
            yield importlib.import_module(f"{app}.scale")
        except ModuleNotFoundError:
            continue


class Command(BaseCommand):
    help = "Load large synthetic data sets for benchmarks (bulk inserts; idempotent per size)."

    def add_arguments(self, parser):
        for module in _modules():
            module.add_arguments(parser)

    def handle(self, *args, **options):
        for module in _modules():
            module.seed_scale(options, self.stdout)
        if connection.vendor == "postgresql":
            # Fresh statistics: the planner otherwise plans for the empty tables it last saw (bench/README.md,
            # "Measured in passing").
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
