"""REST API of matching, included under /api/v1/ by portal/api/urls.py."""

from django.urls import path

from jobs.matching.api import views

urlpatterns = [
    path("recommendations/positions/", views.RecommendedPositionList.as_view(), name="recommended-positions"),
    path(
        "recommendations/positions/<int:pk>/veterans/",
        views.PositionCandidateList.as_view(),
        name="position-candidates",
    ),
]
