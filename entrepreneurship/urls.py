from django.urls import path

from entrepreneurship import views
from entrepreneurship.views import acting, competitions, enterprises, incubators, loans, mentors, staff

app_name = "entrepreneurship"

urlpatterns = [
    path("", views.index, name="index"),
    path("projects/", enterprises.enterprise_list, name="enterprise_list"),
    path("projects/new/", enterprises.enterprise_edit, name="enterprise_create"),
    path("projects/<int:pk>/", enterprises.enterprise_detail, name="enterprise_detail"),
    path("projects/<int:pk>/edit/", enterprises.enterprise_edit, name="enterprise_edit"),
    path("projects/<int:pk>/employer/", enterprises.enterprise_become_employer, name="enterprise_become_employer"),
    path("bases/", incubators.base_list, name="base_list"),
    path("bases/<int:pk>/", incubators.base_detail, name="base_detail"),
    path("residencies/", incubators.residency_list, name="residency_list"),
    path("residencies/<int:pk>/withdraw/", incubators.residency_withdraw, name="residency_withdraw"),
    path("operator/residencies/", incubators.operator_residencies, name="operator_residencies"),
    path(
        "operator/residencies/<int:pk>/<str:action>/",
        incubators.operator_residency_action,
        name="operator_residency_action",
    ),
    path("mentoring/", mentors.mentor_list, name="mentor_list"),
    path("mentoring/<int:pk>/", mentors.mentor_detail, name="mentor_detail"),
    path("mentoring/slots/<int:pk>/book/", mentors.slot_book, name="slot_book"),
    path("mentoring/bookings/", mentors.booking_list, name="booking_list"),
    path("mentoring/bookings/<int:pk>/<str:action>/", mentors.booking_action, name="booking_action"),
    path("mentoring/become-mentor/", mentors.mentor_apply, name="mentor_apply"),
    path("mentoring/my-slots/", mentors.mentor_slots, name="mentor_slots"),
    path("competitions/", competitions.competition_list, name="competition_list"),
    path("competitions/new/", competitions.competition_create, name="competition_create"),
    path("competitions/<int:pk>/judges/", competitions.judge_add, name="judge_add"),
    path("competitions/<int:pk>/", competitions.competition_detail, name="competition_detail"),
    path("competitions/<int:pk>/judging/", competitions.judging, name="judging"),
    path("competitions/<int:pk>/judging/<int:entry_pk>/", competitions.score_entry, name="score_entry"),
    path("competitions/<int:pk>/manage/", competitions.competition_manage, name="competition_manage"),
    path("competitions/<int:pk>/manage/<str:action>/", competitions.competition_action, name="competition_action"),
    path("competitions/<int:pk>/results/", competitions.competition_results, name="competition_results"),
    path("loans/", loans.product_list, name="product_list"),
    path("loans/<int:pk>/apply/", loans.loan_apply, name="loan_apply"),
    path("loans/mine/", loans.my_loans, name="my_loans"),
    path("loans/mine/<int:pk>/", loans.my_loan_detail, name="my_loan_detail"),
    path("loans/bank/", loans.bank_loans, name="bank_loans"),
    path("loans/bank/products/", loans.bank_products, name="bank_products"),
    path("loans/bank/products/new/", loans.bank_product_edit, name="bank_product_create"),
    path("loans/bank/products/<int:pk>/", loans.bank_product_edit, name="bank_product_edit"),
    path("loans/bank/<int:pk>/", loans.bank_loan_detail, name="bank_loan_detail"),
    path("loans/subsidies/", loans.subsidy_report, name="subsidy_report"),
    path("staff/residencies/", staff.residency_list, name="staff_residencies"),
    path("staff/loans/", staff.loan_list, name="staff_loans"),
    path("staff/act/book-mentor/", acting.act_book_mentor, name="staff_act_book_mentor"),
]
