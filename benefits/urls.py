"""Pages of the benefits app under /benefits/."""

from django.urls import path

from benefits.views import acting, holder, links, merchant, offers, staff

app_name = "benefits"

urlpatterns = [
    path("", holder.index, name="index"),
    path("apply/", holder.apply, name="apply"),
    path("card/", holder.card, name="card"),
    path("card/code/", holder.card_code, name="card_code"),
    path("card/print/", holder.card_print, name="card_print"),
    path("card/print.pdf", links.card_print_pdf, name="card_print_pdf"),
    path("c/<str:token>/", links.card_link, name="card_link"),
    path("card/report-lost/", holder.card_report_lost, name="card_report_lost"),
    path("card/renew/", holder.card_renew, name="card_renew"),
    path("photo/<str:signed>/", holder.card_photo, name="card_photo"),
    path("offers/", offers.offer_list, name="offer_list"),
    path("offers/<int:pk>/", offers.offer_detail, name="offer_detail"),
    path("merchant/", merchant.merchant_home, name="merchant_home"),
    path("merchant/offers/new/", merchant.offer_edit, name="offer_new"),
    path("merchant/offers/<int:pk>/", merchant.offer_edit, name="offer_edit"),
    path("merchant/verify/", merchant.verify, name="verify"),
    path("staff/", staff.staff_home, name="staff_home"),
    path("staff/statistics/", staff.staff_statistics, name="staff_statistics"),
    path("staff/applications/<int:pk>/", staff.application_review, name="application_review"),
    path("staff/applications/<int:pk>/photo/", staff.application_photo, name="application_photo"),
    path("staff/cards/<int:pk>/", staff.card_manage, name="card_manage"),
    path("staff/renewals/", staff.renewal_queue, name="renewal_queue"),
    path("staff/act-for/", acting.act_for, name="act_for"),
    path("staff/act/card-apply/", acting.act_card_apply, name="staff_act_card_apply"),
    path("staff/act/card-lost/", acting.act_card_lost, name="staff_act_card_lost"),
    path("staff/act/card-renew/", acting.act_card_renew, name="staff_act_card_renew"),
]
