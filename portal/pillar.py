"""What the shell's own part gives itself through the pillar contract (portal.pillars): the veterans' and
organizations' dashboard section and exports, the 代办 actions on a veteran's registration, and its periodic tasks.
The account's own data (profile, notifications) is exported and erased by portal.services.accounts itself."""

from django.utils.translation import gettext_lazy as _

from portal import workspace_sections
from portal.pillars import Link, Pillar
from portal.staff import dashboard, exports

PILLAR = Pillar(
    label="portal",
    navigation=(
        Link("portal.workspace", _("My workspace"), "portal:workspace", allowed=lambda user: user.is_authenticated),
    ),
    workspace=workspace_sections.SECTIONS,
    dashboard=dashboard.portal_figures,
    exports=exports.EXPORTS,
    staff_pages=(Link("portal.organization_queue", _("Organizations to verify"), "portal:staff_organization_queue"),),
    acting_actions=(
        Link("portal.profile_edit", _("Edit the veteran's registration"), "portal:staff_act_profile"),
        Link("portal.resume_upload", _("Upload a résumé"), "portal:staff_act_resume"),
    ),
    personal_data_export=None,
    personal_data_erase=None,
    beat_schedule={
        "portal-send-due-emails": {"task": "portal.send_due_notification_emails", "schedule": 300.0},
        "portal-send-due-sms": {"task": "portal.send_due_sms", "schedule": 60.0},
        "portal-staff-expire-import-files": {"task": "portal.staff_expire_import_files", "schedule": 3600.0},
        "portal-staff-purge-audit-log": {"task": "portal.staff_purge_audit_log", "schedule": 86400.0},
        "portal-staff-purge-exports": {"task": "portal.staff_purge_exports", "schedule": 3600.0},
        "portal-staff-resume-stalled-jobs": {"task": "portal.staff_resume_stalled_jobs", "schedule": 60.0},
    },
)
