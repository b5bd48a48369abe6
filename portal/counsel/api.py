"""API of counselling and legal aid for the person who asked: their requests (the list shows no content), a
request's content for its three parties only (each read audited, as on the page), asking, booking a slot of the
assigned provider, rating. Providers and staff work on their pages."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from portal.counsel import permissions as rules
from portal.counsel import services
from portal.counsel.models import CounselRequest, Slot


class RequestListSerializer(serializers.ModelSerializer):
    class Meta:
        model = CounselRequest
        fields = ["id", "kind", "status", "created_at", "closed_at"]
        read_only_fields = fields


class SlotSerializer(serializers.ModelSerializer):
    class Meta:
        model = Slot
        fields = ["id", "starts_at", "minutes", "place"]
        read_only_fields = fields


class RequestSerializer(serializers.ModelSerializer):
    appointment = SlotSerializer(source="slot", read_only=True)
    free_slots = serializers.SerializerMethodField()
    notes = serializers.SerializerMethodField()

    class Meta:
        model = CounselRequest
        fields = [
            "id",
            "kind",
            "status",
            "description",
            "preferred_times",
            "appointment",
            "free_slots",
            "notes",
            "rating",
            "created_at",
            "closed_at",
        ]
        read_only_fields = ["id", "status", "appointment", "free_slots", "notes", "rating", "created_at", "closed_at"]

    def get_free_slots(self, request) -> list[dict]:
        if request.provider is None or request.slot_id:
            return []
        return SlotSerializer(services.open_slots(request.provider).order_by("starts_at"), many=True).data

    def get_notes(self, request) -> list[dict]:
        user = self.context["request"].user
        notes = [n for n in request.notes.order_by("created_at") if rules.can_read_note(user, request, n)]
        return [{"text": n.text, "shareable": n.shareable, "created_at": n.created_at} for n in notes]


class BookSerializer(serializers.Serializer):
    slot = serializers.IntegerField()


class RateSerializer(serializers.Serializer):
    rating = serializers.IntegerField()


class CounselRequestViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    permission_classes = [permissions.IsAuthenticated]

    def get_serializer_class(self):
        return RequestListSerializer if self.action == "list" else RequestSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CounselRequest.objects.none()
        if self.action == "list":
            return CounselRequest.objects.filter(requester=self.request.user)
        return CounselRequest.objects.select_related("provider", "slot")

    def get_object(self):
        obj = super().get_object()
        if not rules.can_read(self.request.user, obj):
            raise Http404
        return obj

    def retrieve(self, request, *args, **kwargs):
        obj = self.get_object()
        services.audit_read(user=request.user, request=obj)
        return Response(self.get_serializer(obj).data)

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.request_create(
            user=self.request.user,
            kind=data["kind"],
            description=data["description"],
            preferred_times=data["preferred_times"],
        )

    @extend_schema(request=BookSerializer, responses={200: RequestSerializer})
    @action(detail=True, methods=["post"])
    def book(self, request, pk=None):
        obj = self.get_object()
        body = BookSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        slot = Slot.objects.filter(pk=body.validated_data["slot"]).first()
        if slot is None:
            return Response(
                {"slot": [_("Choose one of your provider's free slots.")]}, status=status.HTTP_400_BAD_REQUEST
            )
        obj = services.request_book(request=obj, user=request.user, slot=slot)
        return Response(self.get_serializer(obj).data)

    @extend_schema(request=RateSerializer, responses={200: RequestSerializer})
    @action(detail=True, methods=["post"])
    def rate(self, request, pk=None):
        obj = self.get_object()
        body = RateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        obj = services.request_rate(request=obj, user=request.user, rating=body.validated_data["rating"])
        return Response(self.get_serializer(obj).data)


router = DefaultRouter()
router.register("counsel-requests", CounselRequestViewSet, basename="counsel-request")
urlpatterns = router.urls
