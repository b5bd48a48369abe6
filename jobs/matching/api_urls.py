"""REST API of matching, included under /api/v1/ by portal/api/urls.py."""

from django.urls import path

from jobs.matching import api_views

urlpatterns = [
    path("recommendations/positions/", api_views.RecommendedPositionList.as_view(), name="recommended-positions"),
    path(
        "recommendations/positions/<int:pk>/veterans/",
        api_views.PositionCandidateList.as_view(),
        name="position-candidates",
    ),
]
