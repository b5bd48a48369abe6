import importlib

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    """Person-job matching and targeted push: a sub-app of jobs with its own migrations."""

    name = "jobs.matching"
    label = "jobs_matching"
    verbose_name = _("Matching and job push")

    def ready(self):
        from jobs.matching.pillar import PILLAR
        from portal.pillars import register

        post_migrate.connect(_ensure_crosswalk, sender=self)
        register(PILLAR)


def _ensure_crosswalk(**_kwargs):
    """`flush` (between transactional tests) empties what the data migration loaded: load the crosswalk again."""
    from django.apps import apps

    from jobs.matching.models import SpecialtyOccupation

    if not SpecialtyOccupation.objects.exists():
        importlib.import_module("jobs.matching.migrations.0002_crosswalk_data").load(apps, None)
