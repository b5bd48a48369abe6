from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    name = "portal.care"
    label = "care"
    verbose_name = _("Care visits")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from portal.care.pillar import PILLAR
        from portal.pillars import register

        register(PILLAR)
