from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("Jobs and job fairs")

    def ready(self):
        from jobs.pillar import PILLAR
        from portal.pillars import register

        register(PILLAR)

        from jobs.calendar import notice_attachments
        from portal.services.notifications import register_email_attachments

        register_email_attachments("jobs_interview", notice_attachments)

        from jobs import page_cache

        page_cache.connect()
