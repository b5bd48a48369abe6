"""API of a booth's on-site interview queue: a veteran takes a number (POST /booths/{id}/queue/, with the scanned
token when there is one), the booth's members list the queue (GET) and call the next; a number shows how many are
ahead, its owner leaves, the booth finishes or skips it."""

from django.db.models import Q
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from jobs.hiring_selectors import queue_of
from jobs.models import Booth, QueueTicket
from jobs.permissions import can_run_queue, employer_organizations
from jobs.services.booth_queue import (
    ahead_of,
    queue_call_next,
    queue_take_number,
    queue_ticket_finish,
    queue_ticket_leave,
)
from portal.exceptions import AccessDenied


class QueueTicketSerializer(serializers.ModelSerializer):
    ahead = serializers.SerializerMethodField()

    class Meta:
        model = QueueTicket
        fields = ["id", "booth", "number", "status", "source", "ahead", "created_at", "called_at", "finished_at"]

    def get_ahead(self, ticket) -> int:
        return ahead_of(ticket)


class QueueTakeSerializer(serializers.Serializer):
    scan = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class QueueFinishSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=[QueueTicket.Status.DONE, QueueTicket.Status.SKIPPED])


class BoothQueueViewSet(viewsets.GenericViewSet):
    """The queue of an approved booth (the id is the booth's)."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = QueueTicketSerializer

    def get_queryset(self):
        return Booth.objects.filter(status=Booth.Status.APPROVED).select_related("fair", "organization")

    @extend_schema(methods=["GET"], request=None, responses=QueueTicketSerializer(many=True))
    @extend_schema(methods=["POST"], request=QueueTakeSerializer, responses={201: QueueTicketSerializer})
    @action(detail=True, methods=["get", "post"])
    def queue(self, request, pk=None):
        booth = self.get_object()
        if request.method == "GET":
            if not can_run_queue(request.user, booth):
                raise AccessDenied(hide=True)
            return Response(QueueTicketSerializer(queue_of(booth), many=True).data)
        data = QueueTakeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ticket = queue_take_number(booth=booth, user=request.user, scan_link=data.validated_data["scan"])
        return Response(QueueTicketSerializer(ticket).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=QueueTicketSerializer)
    @action(detail=True, methods=["post"], url_path="queue/call-next")
    def call_next(self, request, pk=None):
        ticket = queue_call_next(booth=self.get_object(), actor=request.user)
        return Response(QueueTicketSerializer(ticket).data)


class QueueTicketViewSet(viewsets.ReadOnlyModelViewSet):
    """The caller's own numbers, and the numbers at their employer's booths."""

    permission_classes = [permissions.IsAuthenticated]
    serializer_class = QueueTicketSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return QueueTicket.objects.none()
        user = self.request.user
        own_booths = Q(booth__organization__in=employer_organizations(user), booth__status=Booth.Status.APPROVED)
        return (
            QueueTicket.objects.filter(Q(user=user) | own_booths)
            .select_related("booth__fair", "booth__organization")
            .order_by("-created_at", "-id")
        )

    @extend_schema(request=None, responses=QueueTicketSerializer)
    @action(detail=True, methods=["post"])
    def leave(self, request, pk=None):
        return Response(QueueTicketSerializer(queue_ticket_leave(ticket=self.get_object(), user=request.user)).data)

    @extend_schema(request=QueueFinishSerializer, responses=QueueTicketSerializer)
    @action(detail=True, methods=["post"])
    def finish(self, request, pk=None):
        data = QueueFinishSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ticket = queue_ticket_finish(
            ticket=self.get_object(), actor=request.user, outcome=data.validated_data["outcome"]
        )
        return Response(QueueTicketSerializer(ticket).data)
