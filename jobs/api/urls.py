"""REST API of the jobs app, mounted under /api/v1/."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from jobs.api import booth_queue, interviews, live, messages, saved_searches, views

router = DefaultRouter()
router.register("positions", views.PositionViewSet, basename="position")
router.register("applications", views.ApplicationViewSet, basename="application")
router.register("fairs", views.JobFairViewSet, basename="fair")
router.register("interviews", interviews.InterviewViewSet, basename="interview")
router.register("booths", booth_queue.BoothQueueViewSet, basename="booth")
router.register("queue-tickets", booth_queue.QueueTicketViewSet, basename="queue-ticket")
router.register("threads", messages.ThreadViewSet, basename="thread")
router.register("saved-searches", saved_searches.SavedSearchViewSet, basename="saved-search")

urlpatterns = [
    path("live-rooms/<int:pk>/", live.live_detail, name="live-room-detail"),
    path("live-rooms/<int:pk>/presenter/", live.live_presenter, name="live-room-presenter"),
    path("live-rooms/<int:pk>/apply/", live.live_apply, name="live-room-apply"),
    *router.urls,
]
