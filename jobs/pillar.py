"""What the jobs app gives the shell (the contract is in portal.pillars)."""

from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from jobs import exports, personal_data, selectors, workspace
from portal.pillars import Link, Pillar

PILLAR = Pillar(
    label="jobs",
    navigation=(Link("jobs.index", _("Jobs"), "jobs:index"),),
    workspace=workspace.SECTIONS,
    dashboard=selectors.dashboard_figures,
    exports=exports.EXPORTS,
    staff_pages=(
        Link("jobs.review", _("Positions awaiting review"), "jobs:staff_review"),
        Link("jobs.spot_checks", _("Spot checks"), "jobs:staff_spot_checks"),
        Link("jobs.fairs", _("Job fairs"), "jobs:staff_fairs"),
        Link("jobs.follow_ups", _("Employment follow-ups"), "jobs:staff_follow_ups"),
    ),
    acting_actions=(
        Link("jobs.fair_register", _("Register for a job fair"), "jobs:staff_act_fair_register"),
        Link("jobs.position_apply", _("Apply to a position"), "jobs:staff_act_apply"),
    ),
    personal_data_export=personal_data.export,
    personal_data_erase=personal_data.erase,
    beat_schedule={
        "jobs-expire-positions": {"task": "jobs.expire_positions", "schedule": crontab(minute=5, hour=0)},
        "jobs-remind-follow-ups": {"task": "jobs.remind_follow_ups", "schedule": crontab(minute=0, hour=9)},
        # Every five minutes: the hour-before reminder then goes out 55 to 60 minutes before the interview.
        "jobs-remind-interviews": {"task": "jobs.remind_interviews", "schedule": crontab(minute="*/5")},
        "jobs-search-alerts-daily": {
            "task": "jobs.send_search_digests",
            "schedule": crontab(minute=30, hour=8),
            "args": ("daily",),
        },
        "jobs-search-alerts-weekly": {
            "task": "jobs.send_search_digests",
            "schedule": crontab(minute=45, hour=8, day_of_week="mon"),
            "args": ("weekly",),
        },
    },
)
