"""URLs of the staff workbench, included under /staff/ in the `portal` namespace (names start with staff_)."""

from django.urls import path

from portal.staff.views import acting, claims, duplicates, organizations, verification, workbench

urlpatterns = [
    path("", workbench.dashboard_view, name="staff_dashboard"),
    path("veterans/", workbench.veteran_list, name="staff_veterans"),
    path("veterans/queue/", verification.veteran_queue, name="staff_veteran_queue"),
    path("veterans/<int:pk>/review/", verification.veteran_review, name="staff_veteran_review"),
    path("organizations/", workbench.organization_list, name="staff_organizations"),
    path("organizations/queue/", organizations.organization_queue, name="staff_organization_queue"),
    path("organizations/<int:pk>/review/", organizations.organization_review, name="staff_organization_review"),
    path("organizations/<int:pk>/trust/", organizations.organization_trust, name="staff_organization_trust"),
    path("exports/jobs/<int:pk>/", workbench.export_job_detail, name="staff_export_job"),
    path("exports/jobs/<int:pk>/status.json", workbench.export_job_status, name="staff_export_job_status"),
    path("exports/jobs/<int:pk>/download/", workbench.export_job_download, name="staff_export_job_download"),
    path("exports/<slug:key>.<str:file_format>", workbench.export_view, name="staff_export"),
    path("import/", workbench.import_upload, name="staff_import"),
    path("import/<int:pk>/", workbench.import_detail, name="staff_import_detail"),
    path("import/<int:pk>/start/", workbench.import_start, name="staff_import_start"),
    path("import/<int:pk>/status.json", workbench.import_status, name="staff_import_status"),
    path("audit/", workbench.audit_list, name="staff_audit"),
    path("families/", workbench.family_list, name="staff_families"),
    path("families/<int:pk>/", workbench.family_review, name="staff_family_review"),
    path("families/<int:pk>/proof/", workbench.family_proof, name="staff_family_proof"),
    path("claims/", claims.claim_list, name="staff_claims"),
    path("duplicates/", duplicates.duplicate_list, name="staff_duplicates"),
    path("duplicates/<int:first_id>/<int:second_id>/", duplicates.duplicate_merge, name="staff_duplicate_merge"),
    path(
        "duplicates/<int:first_id>/<int:second_id>/dismiss/",
        duplicates.duplicate_dismiss_view,
        name="staff_duplicate_dismiss",
    ),
    path("claims/<int:user_id>/invite/", claims.claim_invite, name="staff_claim_invite"),
    path("act/", acting.act_search, name="staff_act_search"),
    path("act/<int:user_id>/start/", acting.act_start, name="staff_act_start"),
    path("act/stop/", acting.act_stop, name="staff_act_stop"),
    path("act/current/", acting.act_home, name="staff_act_home"),
    path("act/current/profile/", acting.act_profile, name="staff_act_profile"),
    path("act/current/resume/", acting.act_resume, name="staff_act_resume"),
]
