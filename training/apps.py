from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Training")

    def ready(self):
        from celery.schedules import crontab
        from django.conf import settings

        from portal.registry import register_personal_data
        from portal.staff.acting import register_action
        from training import personal_data

        register_personal_data("training", exporter=personal_data.export, eraser=personal_data.erase)
        # 18:00 local time the day before: "your class has a session tomorrow" (idempotent, safe to rerun).
        settings.CELERY_BEAT_SCHEDULE["training-session-reminders"] = {
            "task": "training.send_session_reminders",
            "schedule": crontab(minute=0, hour=18),
        }
        register_action("training.enrol", _("Enrol in a training class"), "training:staff_act_enrol")
