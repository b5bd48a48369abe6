"""What the training app gives the shell (the contract is in portal.pillars)."""

from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from portal.pillars import Link, Pillar
from training import exports, personal_data, selectors, workspace

PILLAR = Pillar(
    label="training",
    navigation=(Link("training.index", _("Training"), "training:index"),),
    workspace=workspace.SECTIONS,
    dashboard=selectors.dashboard_figures,
    exports=exports.EXPORTS,
    staff_pages=(
        Link("training.claims", _("Training subsidy claims"), "training:claims"),
        Link("training.evaluators", _("Evaluation committee"), "training:staff_evaluators"),
        Link("training.evaluation_results", _("Institution evaluations"), "training:staff_evaluation_results"),
        Link("training.outcomes", _("Employment after training"), "training:staff_class_outcomes"),
    ),
    acting_actions=(Link("training.enrol", _("Enrol in a training class"), "training:staff_act_enrol"),),
    personal_data_export=personal_data.export,
    personal_data_erase=personal_data.erase,
    beat_schedule={
        # 18:00 local time the day before: "your class has a session tomorrow" (idempotent, safe to rerun).
        "training-session-reminders": {
            "task": "training.send_session_reminders",
            "schedule": crontab(minute=0, hour=18),
        },
    },
)
