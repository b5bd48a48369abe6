"""REST API of the entrepreneurship app, mounted under /api/v1/."""

from rest_framework.routers import DefaultRouter

from entrepreneurship.api import operations, views

router = DefaultRouter()
router.include_root_view = False
router.register("enterprises", views.EnterpriseViewSet, basename="enterprise")
router.register("incubators", views.IncubatorBaseViewSet, basename="incubator")
router.register("residency-applications", views.ResidencyViewSet, basename="residency-application")
router.register("mentors", views.MentorViewSet, basename="mentor")
router.register("mentor-slots", views.MentorSlotViewSet, basename="mentor-slot")
router.register("mentor-bookings", views.MentorBookingViewSet, basename="mentor-booking")
router.register(r"competitions/(?P<competition_pk>[0-9]+)/entries", views.EntryViewSet, basename="competition-entry")
router.register("competitions", views.CompetitionViewSet, basename="competition")
router.register("competition-operations", operations.CompetitionOperationsViewSet, basename="competition-operation")
router.register("mentor-applications", operations.MentorApplicationViewSet, basename="mentor-application")
router.register("operated-incubators", operations.OperatedBaseViewSet, basename="operated-incubator")
router.register("subsidy-settlements", operations.SettlementViewSet, basename="subsidy-settlement")
router.register("loan-schedules", operations.ScheduleViewSet, basename="loan-schedule")
router.register("scores", views.ScoreViewSet, basename="score")
router.register("loan-products", views.LoanProductViewSet, basename="loan-product")
router.register("loan-applications", views.LoanApplicationViewSet, basename="loan-application")

urlpatterns = router.urls
