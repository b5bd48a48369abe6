import importlib

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class BenefitsConfig(AppConfig):
    name = "benefits"
    verbose_name = _("Benefit cards")

    def ready(self):
        from benefits.pillar import PILLAR
        from portal.pillars import register

        register(PILLAR)
        post_migrate.connect(_ensure_industries, sender=self)


def _ensure_industries(**_kwargs):
    """`flush` (between transactional tests) empties what the data migration loaded: load the industries again."""
    from django.apps import apps

    from benefits.models import Industry

    if not Industry.objects.exists():
        importlib.import_module("benefits.migrations.0002_industries").load(apps, None)
