from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    """The bureau's staff workbench, an app of its own so its templates, static files and Celery tasks are found
    like any app's. Its import and export jobs are models of the `portal` app (portal/models/staff.py)."""

    name = "portal.staff"
    label = "staff"
    verbose_name = _("Staff workbench")
