"""Pages of the one-stop application (退役一件事), mounted at /onestop/."""

from django.urls import path

from portal.onestop import views

app_name = "onestop"

urlpatterns = [
    path("", views.start, name="start"),
    path("<int:pk>/", views.status, name="status"),
    path("staff/", views.counter, name="counter"),
    path("staff/act/", views.staff_act, name="staff_act"),
]
