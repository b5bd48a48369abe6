from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "portal.news"
    label = "news"
    verbose_name = _("Policy and news")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from portal.news.pillar import PILLAR
        from portal.pillars import register

        register(PILLAR)
