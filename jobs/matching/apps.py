from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    """Person-job matching and targeted push: a sub-app of jobs with its own migrations."""

    name = "jobs.matching"
    label = "jobs_matching"
    verbose_name = _("Matching and job push")
