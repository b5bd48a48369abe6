"""Pages of the training app, mounted at /training/."""

from django.urls import path

from training.views import acting, claims, committee, enrolment_messages, enrolments, manage, outcomes, public, staff

app_name = "training"

urlpatterns = [
    path("", public.index, name="index"),
    path("courses/<int:pk>/", public.course_detail, name="course_detail"),
    path("classes/<int:pk>/", public.class_detail, name="class_detail"),
    path("classes/<int:pk>/enrol/", public.class_enrol, name="class_enrol"),
    path("me/", public.my_training, name="my_training"),
    path("enrollments/<int:pk>/", enrolments.enrollment_detail, name="enrollment_detail"),
    path("enrollments/<int:pk>/messages/", enrolment_messages.enrollment_messages, name="enrollment_messages"),
    path(
        "enrollments/<int:pk>/messages/complaint/",
        enrolment_messages.enrollment_complaint,
        name="enrollment_complaint",
    ),
    path(
        "enrollments/messages/<int:pk>/attachment/",
        enrolment_messages.enrollment_message_attachment,
        name="enrollment_message_attachment",
    ),
    path("enrollments/<int:pk>/withdraw/", public.enrollment_withdraw, name="enrollment_withdraw"),
    path("enrollments/<int:pk>/evaluate/", public.enrollment_evaluate, name="enrollment_evaluate"),
    path("enrollments/<int:pk>/claim/", public.enrollment_claim, name="enrollment_claim"),
    path("sessions/<int:pk>/check-in/", public.session_check_in, name="check_in"),
    path("certificates/<str:number>/pdf/", public.certificate_download, name="certificate_pdf"),
    path("certificates/verify/<str:code>/", public.certificate_verify, name="certificate_verify"),
    path("institutions/<int:pk>/", public.institution_detail, name="institution_detail"),
    path("manage/", manage.dashboard, name="manage"),
    path("manage/courses/new/", manage.course_edit, name="manage_course_new"),
    path("manage/courses/<int:pk>/edit/", manage.course_edit, name="manage_course_edit"),
    path("manage/courses/<int:course_pk>/classes/new/", manage.class_create, name="manage_class_new"),
    path("manage/classes/<int:pk>/", manage.class_roster, name="manage_class"),
    path("manage/classes/<int:pk>/edit/", manage.class_edit, name="manage_class_edit"),
    path("manage/enrollments/<int:pk>/<str:action>/", manage.enrollment_action, name="manage_enrollment_action"),
    path("manage/sessions/<int:pk>/", manage.session_attendance, name="manage_session"),
    path("manage/sessions/<int:pk>/qr/", manage.session_qr, name="manage_session_qr"),
    path("manage/sessions/<int:pk>/mark/", manage.session_mark, name="manage_session_mark"),
    path("manage/certificates/<str:number>/revoke/", manage.certificate_revoke, name="certificate_revoke"),
    path("staff/act/enrol/", acting.act_enrol, name="staff_act_enrol"),
    path("staff/claims/", staff.claims, name="claims"),
    path("staff/claims/<int:pk>/<str:action>/", staff.claim_action, name="claim_action"),
    path("claims/<int:pk>/", claims.claim_detail, name="claim_detail"),
    path("claims/<int:pk>/payee/", claims.claim_payee, name="claim_payee"),
    path("claims/<int:pk>/attachments/", claims.claim_attachment_add, name="claim_attachment_add"),
    path("claims/attachments/<int:pk>/", claims.claim_attachment_file, name="claim_attachment_file"),
    path("claims/<int:pk>/decide/<str:action>/", claims.claim_decide, name="claim_decide"),
    path("staff/evaluators/", committee.evaluators, name="staff_evaluators"),
    path("staff/evaluators/<int:pk>/end/", committee.evaluator_end, name="staff_evaluator_end"),
    path("staff/outcomes/", outcomes.class_outcomes_list, name="staff_class_outcomes"),
    path("staff/evaluation-results/", committee.evaluation_results, name="staff_evaluation_results"),
    path("evaluate/", committee.evaluate_home, name="evaluate"),
    path("evaluate/institutions/<int:pk>/", committee.evaluate_institution, name="evaluate_institution"),
]
