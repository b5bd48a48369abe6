from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("Jobs and job fairs")

    def ready(self):
        from jobs.pillar import PILLAR
        from portal.pillars import register

        register(PILLAR)
