"""Pages of the jobs app, mounted at /jobs/."""

from django.urls import include, path

from jobs import views
from jobs.matching import staff_views
from jobs.views import live, my_fairs, staff_live, staff_spot_checks, tickets

app_name = "jobs"

urlpatterns = [
    path("", views.index, name="index"),
    path("recommended/", include("jobs.matching.urls")),
    path("<int:pk>/", views.position_detail, name="position_detail"),
    path("<int:pk>/apply/", views.apply, name="apply"),
    path("applications/mine/", views.my_applications, name="my_applications"),
    path("applications/<int:pk>/withdraw/", views.application_withdraw, name="application_withdraw"),
    path("employer/", views.employer_home, name="employer"),
    path("employer/positions/new/", views.position_edit, name="employer_position_new"),
    path("employer/positions/<int:pk>/", views.position_edit, name="employer_position"),
    path("employer/positions/<int:pk>/submit/", views.position_submit_view, name="employer_position_submit"),
    path("employer/positions/<int:pk>/close/", views.position_close_view, name="employer_position_close"),
    path("employer/applications/<int:pk>/", views.application_detail, name="employer_application"),
    path("employer/applications/<int:pk>/resume/", views.application_resume, name="employer_application_resume"),
    path("employer/follow-ups/<int:pk>/", views.follow_up_record_view, name="employer_follow_up"),
    path("staff/review/", views.review_list, name="staff_review"),
    path("staff/review/<int:pk>/<str:decision>/", views.review_position, name="staff_review_position"),
    path("staff/spot-checks/", staff_spot_checks.spot_check_list, name="staff_spot_checks"),
    path(
        "staff/spot-checks/<int:pk>/<str:decision>/",
        staff_spot_checks.spot_check_decide,
        name="staff_spot_check_decide",
    ),
    path("staff/fairs/", views.staff_fair_list, name="staff_fairs"),
    path("staff/picks/", staff_views.weekly_picks, name="staff_weekly_picks"),
    path("staff/picks/add/", staff_views.weekly_pick_create, name="staff_weekly_pick_add"),
    path("staff/picks/<int:pk>/remove/", staff_views.weekly_pick_delete, name="staff_weekly_pick_remove"),
    path("staff/fairs/new/", views.staff_fair_edit, name="staff_fair_new"),
    path("staff/fairs/<int:pk>/", views.staff_fair_edit, name="staff_fair_edit"),
    path("staff/fairs/<int:pk>/booths/", views.staff_fair_booths, name="staff_fair_booths"),
    path(
        "staff/fairs/<int:pk>/booths/<int:booth_pk>/approve/",
        views.staff_booth_review,
        {"decision": "approve"},
        name="staff_booth_approve",
    ),
    path(
        "staff/fairs/<int:pk>/booths/<int:booth_pk>/reject/",
        views.staff_booth_review,
        {"decision": "reject"},
        name="staff_booth_reject",
    ),
    path("staff/fairs/<int:pk>/live/", staff_live.staff_live_schedule, name="staff_live_schedule"),
    path(
        "staff/fairs/<int:pk>/live/slots/<int:slot_pk>/remove/",
        staff_live.staff_live_slot_remove,
        name="staff_live_slot_remove",
    ),
    path("staff/act/fair-register/", views.act_fair_register, name="staff_act_fair_register"),
    path("staff/act/apply/", views.act_apply, name="staff_act_apply"),
    path("fairs/", views.fair_list, name="fair_list"),
    path("fairs/mine/", my_fairs.my_fairs, name="my_fairs"),
    path("fairs/<int:pk>/", views.fair_detail, name="fair_detail"),
    path("fairs/<int:pk>/register/", views.fair_register_view, name="fair_register"),
    path("fairs/<int:pk>/cancel/", views.fair_registration_cancel_view, name="fair_registration_cancel"),
    path("fairs/<int:pk>/ticket/", views.fair_ticket, name="fair_ticket"),
    path("fairs/<int:pk>/ticket.svg", views.fair_ticket_qr, name="fair_ticket_qr"),
    path("fairs/<int:pk>/ticket/code/", tickets.ticket_code, name="fair_ticket_code"),
    path("fairs/<int:pk>/ticket.pdf", tickets.ticket_pdf, name="fair_ticket_pdf"),
    path("fairs/tickets/<str:token>/", tickets.ticket_link_page, name="ticket_link"),
    path("fairs/<int:pk>/scan/", views.fair_scan, name="fair_scan"),
    path("fairs/<int:pk>/live/", live.fair_live, name="fair_live"),
    path("fairs/<int:pk>/live/state.json", live.fair_live_state, name="fair_live_state"),
    path("fairs/<int:pk>/live/heartbeat/", live.fair_live_heartbeat, name="fair_live_heartbeat"),
    path("fairs/<int:pk>/live/apply/", live.fair_live_apply, name="fair_live_apply"),
    path("fairs/<int:pk>/live/presenter/", live.fair_live_presenter, name="fair_live_presenter"),
    path("fairs/<int:pk>/booth/", views.fair_booth, name="fair_booth"),
    path("fairs/<int:pk>/booths/<int:booth_pk>/", views.booth_page, name="booth_page"),
    path("fairs/<int:pk>/booths/<int:booth_pk>/qr.svg", views.booth_qr, name="booth_qr"),
]
