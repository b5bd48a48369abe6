"""Pages of matching, included by jobs/urls.py under /jobs/recommended/ (names live in the `jobs` namespace)."""

from django.urls import path

from jobs.matching import views

urlpatterns = [
    path("", views.recommended, name="recommended"),
    path("positions/<int:pk>/candidates/", views.position_candidates, name="position_candidates"),
]
