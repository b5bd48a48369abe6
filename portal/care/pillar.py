"""What care visits give the shell (the contract is in portal.pillars): the staff pages, the dashboard's section
of overdue visits by city, and the daily task that plans visits."""

from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from portal.care import workspace
from portal.care.dashboard import dashboard_section
from portal.pillars import Link, Pillar

PILLAR = Pillar(
    label="care",
    navigation=(),
    workspace=workspace.SECTIONS,
    dashboard=dashboard_section,
    exports=(),
    staff_pages=(Link("care.overview", _("Care visits"), "care:overview"),),
    acting_actions=(),
    personal_data_export=None,
    personal_data_erase=None,
    beat_schedule={"care-plan-visits": {"task": "care.plan_visits", "schedule": crontab(minute=30, hour=6)}},
)
