from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OneStopConfig(AppConfig):
    name = "portal.onestop"
    label = "onestop"
    verbose_name = _("One-stop application")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from portal.onestop.pillar import PILLAR
        from portal.pillars import register

        register(PILLAR)
