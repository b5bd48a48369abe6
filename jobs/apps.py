from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("Jobs and job fairs")

    def ready(self):
        from celery.schedules import crontab
        from django.conf import settings

        from jobs.personal_data import erase, export
        from portal.registry import register_personal_data

        settings.CELERY_BEAT_SCHEDULE["jobs-expire-positions"] = {
            "task": "jobs.expire_positions",
            "schedule": crontab(minute=5, hour=0),
        }
        settings.CELERY_BEAT_SCHEDULE["jobs-remind-follow-ups"] = {
            "task": "jobs.remind_follow_ups",
            "schedule": crontab(minute=0, hour=9),
        }
        register_personal_data("jobs", exporter=export, eraser=erase)

        from portal.staff.acting import register_action

        register_action("jobs.fair_register", _("Register for a job fair"), "jobs:staff_act_fair_register")
        register_action("jobs.position_apply", _("Apply to a position"), "jobs:staff_act_apply")

        from portal.staff.plugins import register_page

        register_page("jobs.review", _("Positions awaiting review"), "jobs:staff_review")
        register_page("jobs.fairs", _("Job fairs"), "jobs:staff_fairs")
