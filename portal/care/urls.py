"""Staff pages of care visits (走访慰问), mounted at /care/."""

from django.urls import path

from portal.care import views

app_name = "care"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("subjects/", views.subject_list, name="subjects"),
    path("subjects/mark/", views.subject_mark, name="mark"),
    path("subjects/<int:pk>/end/", views.subject_end, name="subject_end"),
    path("visits/<int:pk>/", views.visit_record, name="visit"),
    path("visits/<int:pk>/sheet/", views.visit_sheet, name="sheet"),
    path("calendar/", views.calendar, name="calendar"),
    path("tasks/", views.task_list, name="tasks"),
    path("tasks/<int:pk>/close/", views.task_close, name="task_close"),
]
