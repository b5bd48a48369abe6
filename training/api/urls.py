"""REST API of the training app, mounted under /api/v1/."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from training.api import threads, views

router = DefaultRouter()
router.register("courses", views.CourseViewSet, basename="training-course")
router.register("classes", views.TrainingClassViewSet, basename="training-class")
router.register("enrollments", views.EnrollmentViewSet, basename="training-enrollment")
router.register("training-threads", threads.EnrolmentThreadViewSet, basename="training-thread")
router.register("subsidy-claims", views.SubsidyClaimViewSet, basename="training-subsidy-claim")

urlpatterns = [
    path("sessions/<int:pk>/check-in/", views.SessionCheckInView.as_view(), name="training-session-check-in"),
    path("certificates/verify/<str:code>/", views.CertificateVerifyView.as_view(), name="training-certificate-verify"),
    path(
        "certificates/<str:number>/revoke/",
        views.CertificateRevokeView.as_view(),
        name="training-certificate-revoke",
    ),
    path("training-evaluations/", views.InstitutionEvaluationView.as_view(), name="training-institution-evaluation"),
    *router.urls,
]
