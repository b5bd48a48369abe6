"""REST API of the benefits app, mounted under /api/v1/."""

from rest_framework.routers import SimpleRouter

from benefits.api import views

router = SimpleRouter()
router.register("cards", views.CardViewSet, basename="card")
router.register("merchants", views.MerchantViewSet, basename="merchant")
router.register("offers", views.OfferViewSet, basename="offer")
router.register("card-uses", views.CardUseViewSet, basename="card-use")

urlpatterns = router.urls
