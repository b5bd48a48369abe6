"""REST API of the jobs app, mounted under /api/v1/."""

from rest_framework.routers import DefaultRouter

from jobs.api import saved_searches, views

router = DefaultRouter()
router.register("positions", views.PositionViewSet, basename="position")
router.register("applications", views.ApplicationViewSet, basename="application")
router.register("fairs", views.JobFairViewSet, basename="fair")
router.register("saved-searches", saved_searches.SavedSearchViewSet, basename="saved-search")

urlpatterns = router.urls
