from django.urls import include, path

from jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.index, name="index"),
    path("recommended/", include("jobs.matching.urls")),
]
