import importlib

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class BenefitsConfig(AppConfig):
    name = "benefits"
    verbose_name = _("Benefit cards")

    def ready(self):
        from celery.schedules import crontab
        from django.conf import settings

        from benefits.personal_data import erase, export
        from portal.registry import register_personal_data

        register_personal_data("benefits", exporter=export, eraser=erase)

        from portal.staff.acting import register_action

        register_action("benefits.card_apply", _("Apply for a benefit card"), "benefits:staff_act_card_apply")
        register_action("benefits.card_report_lost", _("Report a benefit card lost"), "benefits:staff_act_card_lost")
        register_action("benefits.card_renew", _("Renew a benefit card"), "benefits:staff_act_card_renew")
        post_migrate.connect(_ensure_industries, sender=self)
        settings.CELERY_BEAT_SCHEDULE["benefits-expire-cards"] = {
            "task": "benefits.expire_cards",
            "schedule": crontab(hour=0, minute=10),
        }
        settings.CELERY_BEAT_SCHEDULE["benefits-notify-expiring-cards"] = {
            "task": "benefits.notify_expiring_cards",
            "schedule": crontab(hour=9, minute=0),
        }


def _ensure_industries(**_kwargs):
    """`flush` (between transactional tests) empties what the data migration loaded: load the industries again."""
    from django.apps import apps

    from benefits.models import Industry

    if not Industry.objects.exists():
        importlib.import_module("benefits.migrations.0002_industries").load(apps, None)
