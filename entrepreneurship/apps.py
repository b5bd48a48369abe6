from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EntrepreneurshipConfig(AppConfig):
    name = "entrepreneurship"
    verbose_name = _("Entrepreneurship")

    def ready(self):
        from entrepreneurship.personal_data import erase, export
        from portal.registry import register_personal_data

        register_personal_data("entrepreneurship", exporter=export, eraser=erase)
