"""/api/: v1 resources (every app adds its own router under v1/), the OpenAPI schema and Swagger UI."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from portal.api import consents, duplicates, organizations, views

router = DefaultRouter()
router.register("regions", views.RegionViewSet, basename="region")
router.register("occupation-categories", views.OccupationCategoryViewSet, basename="occupation-category")
router.register("military-specialties", views.MilitarySpecialtyViewSet, basename="military-specialty")
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("notifications", views.NotificationViewSet, basename="notification")
router.register("organization-reviews", organizations.OrganizationReviewViewSet, basename="organization-review")

v1 = [
    # First: a merchant's counter verifies cards here all day (cards/verify/ is the hottest API path), and URL
    # resolution tries patterns in order. The apps' paths do not overlap, so the order changes nothing else.
    path("", include("benefits.api.urls")),
    path("auth/token/", views.TokenView.as_view(), name="api-token"),
    path("me/", views.MeView.as_view(), name="api-me"),
    path("me/profile/", views.MyProfileView.as_view(), name="api-my-profile"),
    path("me/consents/", consents.ConsentListView.as_view(), name="api-my-consents"),
    path("me/consents/withdraw/", consents.ConsentWithdrawView.as_view(), name="api-my-consent-withdraw"),
    path("duplicates/", duplicates.DuplicateListView.as_view(), name="api-duplicates"),
    path(
        "duplicates/merge/",
        duplicates.DuplicateDecisionViewSet.as_view({"post": "merge"}),
        name="api-duplicate-merge",
    ),
    path(
        "duplicates/dismiss/",
        duplicates.DuplicateDecisionViewSet.as_view({"post": "dismiss"}),
        name="api-duplicate-dismiss",
    ),
    path("", include("jobs.api.urls")),
    path("", include("jobs.matching.api.urls")),
    path("", include("training.api.urls")),
    path("", include("entrepreneurship.api.urls")),
    path("", include("portal.news.api")),
    path("", include("portal.counsel.api")),
    path("", include("portal.onestop.api")),
    path("", include("portal.care.api")),
    path("", include(router.urls)),
]

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a file (docs/?script=), not inline: the site's CSP allows
    # no inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
