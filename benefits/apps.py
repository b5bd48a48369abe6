from django.apps import AppConfig
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
        settings.CELERY_BEAT_SCHEDULE["benefits-expire-cards"] = {
            "task": "benefits.expire_cards",
            "schedule": crontab(hour=0, minute=10),
        }
        settings.CELERY_BEAT_SCHEDULE["benefits-notify-expiring-cards"] = {
            "task": "benefits.notify_expiring_cards",
            "schedule": crontab(hour=9, minute=0),
        }
