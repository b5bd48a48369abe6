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
        from celery.schedules import crontab
        from django.conf import settings

        post_migrate.connect(_ensure_crosswalk, sender=self)
        settings.CELERY_BEAT_SCHEDULE["jobs-matching-weekly-digest"] = {
            "task": "jobs_matching.send_weekly_digest",
            "schedule": crontab(minute=0, hour=9, day_of_week="mon"),
        }
        settings.CELERY_BEAT_SCHEDULE["jobs-matching-fair-reminders"] = {
            "task": "jobs_matching.send_fair_reminders",
            "schedule": crontab(minute="*/10"),
        }
        settings.CELERY_BEAT_SCHEDULE["jobs-matching-resume-stalled"] = {
            "task": "jobs_matching.resume_stalled_pushes",
            "schedule": crontab(minute="*/10"),
        }


def _ensure_crosswalk(**_kwargs):
    """`flush` (between transactional tests) empties what the data migration loaded: load the crosswalk again."""
    from django.apps import apps

    from jobs.matching.models import SpecialtyOccupation

    if not SpecialtyOccupation.objects.exists():
        importlib.import_module("jobs.matching.migrations.0002_crosswalk_data").load(apps, None)
