"""What matching and job push give the shell (the contract is in portal.pillars): the weekly picks staff page and
periodic tasks; its other pages are reached from the jobs app's."""

from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from jobs.matching import workspace
from portal.pillars import Link, Pillar

PILLAR = Pillar(
    label="jobs_matching",
    navigation=(),
    workspace=workspace.SECTIONS,
    dashboard=None,
    exports=(),
    staff_pages=(Link("jobs_matching.picks", _("Weekly picks"), "jobs:staff_weekly_picks"),),
    acting_actions=(),
    personal_data_export=None,
    personal_data_erase=None,
    beat_schedule={
        "jobs-matching-weekly-digest": {
            "task": "jobs_matching.send_weekly_digest",
            "schedule": crontab(minute=0, hour=9, day_of_week="mon"),
        },
        "jobs-matching-fair-reminders": {
            "task": "jobs_matching.send_fair_reminders",
            "schedule": crontab(minute="*/10"),
        },
        "jobs-matching-rebuild-stale-matches": {
            "task": "jobs_matching.rebuild_stale_matches",
            "schedule": crontab(minute="*/5"),
        },
        "jobs-matching-resume-stalled": {
            "task": "jobs_matching.resume_stalled_pushes",
            "schedule": 60.0,  # with portal.work's 45 s heartbeat limit: a killed push resumes within ~2 minutes
        },
    },
)
