"""What policy and news give the shell (the contract is in portal.pillars): the public list in the menu, the staff
editor, and the task that publishes scheduled articles."""

from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from portal.news import workspace
from portal.pillars import Link, Pillar

PILLAR = Pillar(
    label="news",
    navigation=(Link("news.list", _("Policy and news"), "news:list"),),
    workspace=workspace.SECTIONS,
    dashboard=None,
    exports=(),
    staff_pages=(Link("news.staff", _("Policy and news"), "news:staff_list"),),
    acting_actions=(),
    personal_data_export=None,
    personal_data_erase=None,
    beat_schedule={"news-publish-due": {"task": "news.publish_due", "schedule": crontab(minute="*")}},
)
