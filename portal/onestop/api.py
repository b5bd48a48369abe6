"""API of 退役一件事: a veteran's bundles with each part's own state and who holds it (filing stays on the page,
where the photo is uploaded)."""

from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.routers import DefaultRouter

from portal.onestop import selectors
from portal.onestop.models import OneStopBundle


class PartSerializer(serializers.Serializer):
    kind = serializers.CharField(source="part.kind")
    label = serializers.CharField()
    filed = serializers.SerializerMethodField()
    status = serializers.CharField()
    holder = serializers.CharField()

    def get_filed(self, view) -> bool:
        return view.part.is_filed()


class BundleSerializer(serializers.ModelSerializer):
    parts = serializers.SerializerMethodField()

    class Meta:
        model = OneStopBundle
        fields = ["id", "created_at", "parts"]
        read_only_fields = fields

    def get_parts(self, bundle) -> list[dict]:
        return PartSerializer(selectors.bundle_parts(bundle), many=True).data


class BundleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The signed-in veteran's one-stop applications; anyone else's answer 404."""

    serializer_class = BundleSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return OneStopBundle.objects.none()
        return selectors.bundles().filter(veteran=self.request.user).order_by("-created_at", "-pk")


router = DefaultRouter()
router.register("onestop-bundles", BundleViewSet, basename="onestop-bundle")
urlpatterns = router.urls
