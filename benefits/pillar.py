"""What the benefit-card app gives the shell (the contract is in portal.pillars)."""

from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from benefits import exports, personal_data, selectors, workspace
from portal.pillars import Link, Pillar

PILLAR = Pillar(
    label="benefits",
    navigation=(Link("benefits.index", _("Benefit cards"), "benefits:index"),),
    workspace=workspace.SECTIONS,
    dashboard=selectors.dashboard_figures,
    exports=exports.EXPORTS,
    staff_pages=(),
    acting_actions=(
        Link("benefits.card_apply", _("Apply for a benefit card"), "benefits:staff_act_card_apply"),
        Link("benefits.card_report_lost", _("Report a benefit card lost"), "benefits:staff_act_card_lost"),
        Link("benefits.card_renew", _("Renew a benefit card"), "benefits:staff_act_card_renew"),
    ),
    personal_data_export=personal_data.export,
    personal_data_erase=personal_data.erase,
    beat_schedule={
        "benefits-expire-cards": {"task": "benefits.expire_cards", "schedule": crontab(hour=0, minute=10)},
        "benefits-notify-expiring-cards": {
            "task": "benefits.notify_expiring_cards",
            "schedule": crontab(hour=9, minute=0),
        },
    },
)
