"""What the jobs app gives the shell (the contract is in portal.pillars)."""

from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from jobs import exports, personal_data, selectors
from portal.pillars import Link, Pillar

PILLAR = Pillar(
    label="jobs",
    navigation=(Link("jobs.index", _("Jobs"), "jobs:index"),),
    workspace=(
        Link("jobs.applications", _("My job applications"), "portal:my_applications"),
        Link("jobs.my_fairs", _("My job fairs"), "jobs:my_fairs"),
        Link("jobs.recommended", _("Positions recommended for me"), "jobs:recommended"),
    ),
    dashboard=selectors.dashboard_figures,
    exports=exports.EXPORTS,
    staff_pages=(
        Link("jobs.review", _("Positions awaiting review"), "jobs:staff_review"),
        Link("jobs.spot_checks", _("Spot checks"), "jobs:staff_spot_checks"),
        Link("jobs.fairs", _("Job fairs"), "jobs:staff_fairs"),
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
    },
)
