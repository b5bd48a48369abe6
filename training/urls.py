"""Pages of the training app, mounted at /training/."""

from django.urls import path

from training import acting_views, manage_views, views

app_name = "training"

urlpatterns = [
    path("", views.index, name="index"),
    path("courses/<int:pk>/", views.course_detail, name="course_detail"),
    path("classes/<int:pk>/", views.class_detail, name="class_detail"),
    path("classes/<int:pk>/enrol/", views.class_enrol, name="class_enrol"),
    path("me/", views.my_training, name="my_training"),
    path("enrollments/<int:pk>/withdraw/", views.enrollment_withdraw, name="enrollment_withdraw"),
    path("enrollments/<int:pk>/evaluate/", views.enrollment_evaluate, name="enrollment_evaluate"),
    path("enrollments/<int:pk>/claim/", views.enrollment_claim, name="enrollment_claim"),
    path("sessions/<int:pk>/check-in/", views.session_check_in, name="check_in"),
    path("certificates/<str:number>/pdf/", views.certificate_download, name="certificate_pdf"),
    path("certificates/verify/<str:code>/", views.certificate_verify, name="certificate_verify"),
    path("institutions/<int:pk>/", views.institution_detail, name="institution_detail"),
    path("manage/", manage_views.dashboard, name="manage"),
    path("manage/courses/new/", manage_views.course_edit, name="manage_course_new"),
    path("manage/courses/<int:pk>/edit/", manage_views.course_edit, name="manage_course_edit"),
    path("manage/courses/<int:course_pk>/classes/new/", manage_views.class_create, name="manage_class_new"),
    path("manage/classes/<int:pk>/", manage_views.class_roster, name="manage_class"),
    path("manage/enrollments/<int:pk>/<str:action>/", manage_views.enrollment_action, name="manage_enrollment_action"),
    path("manage/sessions/<int:pk>/", manage_views.session_attendance, name="manage_session"),
    path("manage/sessions/<int:pk>/qr/", manage_views.session_qr, name="manage_session_qr"),
    path("manage/sessions/<int:pk>/mark/", manage_views.session_mark, name="manage_session_mark"),
    path("manage/certificates/<str:number>/revoke/", manage_views.certificate_revoke, name="certificate_revoke"),
    path("staff/act/enrol/", acting_views.act_enrol, name="staff_act_enrol"),
    path("staff/claims/", manage_views.claims, name="claims"),
    path("staff/claims/<int:pk>/<str:action>/", manage_views.claim_action, name="claim_action"),
]
