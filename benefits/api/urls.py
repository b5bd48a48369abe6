"""REST API of the benefits app, mounted under /api/v1/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from benefits.api import views

router = SimpleRouter()
router.register("cards", views.CardViewSet, basename="card")
router.register("merchants", views.MerchantViewSet, basename="merchant")
router.register("offers", views.OfferViewSet, basename="offer")
router.register("card-uses", views.CardUseViewSet, basename="card-use")

urlpatterns = [
    path("cards/verify/", views.CardVerifyView.as_view(), name="card-verify"),
    path("cards/photo/<str:signed>/", views.CardPhotoView.as_view(), name="card-photo"),
    *router.urls,
]
