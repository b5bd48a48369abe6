"""What the entrepreneurship app gives the shell (the contract is in portal.pillars)."""

from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from entrepreneurship import exports, personal_data, selectors, workspace
from portal.pillars import Link, Pillar

PILLAR = Pillar(
    label="entrepreneurship",
    navigation=(Link("entrepreneurship.index", _("Entrepreneurship"), "entrepreneurship:index"),),
    workspace=workspace.SECTIONS,
    dashboard=selectors.dashboard_figures,
    exports=exports.EXPORTS,
    staff_pages=(
        Link("entrepreneurship.competitions", _("Competitions"), "entrepreneurship:staff_competitions"),
        Link("entrepreneurship.mentors", _("Mentor applications"), "entrepreneurship:staff_mentors"),
        Link("entrepreneurship.bases", _("Incubator bases"), "entrepreneurship:operator_bases"),
        Link("entrepreneurship.settlements", _("Interest-subsidy settlements"), "entrepreneurship:staff_settlements"),
    ),
    acting_actions=(
        Link("entrepreneurship.mentor_book", _("Book a mentoring session"), "entrepreneurship:staff_act_book_mentor"),
    ),
    personal_data_export=personal_data.export,
    personal_data_erase=personal_data.erase,
    beat_schedule={
        "entrepreneurship-end-due-residencies": {
            "task": "entrepreneurship.end_due_residencies",
            "schedule": crontab(minute=20, hour=0),
        },
    },
)
