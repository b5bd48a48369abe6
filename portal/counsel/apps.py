from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CounselConfig(AppConfig):
    name = "portal.counsel"
    label = "counsel"
    verbose_name = _("Counselling and legal aid")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from portal.counsel.pillar import PILLAR
        from portal.pillars import register

        register(PILLAR)
