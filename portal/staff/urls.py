"""URLs of the staff workbench, included under /staff/ in the `portal` namespace (names start with staff_)."""

from django.urls import path

from portal.staff import views

urlpatterns = [
    path("", views.dashboard_view, name="staff_dashboard"),
    path("veterans/", views.veteran_list, name="staff_veterans"),
    path("organizations/", views.organization_list, name="staff_organizations"),
    path("exports/jobs/<int:pk>/", views.export_job_detail, name="staff_export_job"),
    path("exports/jobs/<int:pk>/status.json", views.export_job_status, name="staff_export_job_status"),
    path("exports/jobs/<int:pk>/download/", views.export_job_download, name="staff_export_job_download"),
    path("exports/<slug:key>.<str:file_format>", views.export_view, name="staff_export"),
    path("import/", views.import_upload, name="staff_import"),
    path("import/<int:pk>/", views.import_detail, name="staff_import_detail"),
    path("import/<int:pk>/start/", views.import_start, name="staff_import_start"),
    path("import/<int:pk>/status.json", views.import_status, name="staff_import_status"),
    path("audit/", views.audit_list, name="staff_audit"),
    path("families/", views.family_list, name="staff_families"),
    path("families/<int:pk>/", views.family_review, name="staff_family_review"),
    path("families/<int:pk>/proof/", views.family_proof, name="staff_family_proof"),
    path("act/", views.act_search, name="staff_act_search"),
    path("act/<int:user_id>/start/", views.act_start, name="staff_act_start"),
    path("act/stop/", views.act_stop, name="staff_act_stop"),
    path("act/current/", views.act_home, name="staff_act_home"),
    path("act/current/profile/", views.act_profile, name="staff_act_profile"),
    path("act/current/resume/", views.act_resume, name="staff_act_resume"),
]
