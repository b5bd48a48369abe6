"""API of the live-stream fair room (the page's own JSON is jobs.views.live): the room's state (who presents, their
positions, the schedule, viewers), switching the presenter (organiser's staff or the presenting employer), and
applying to a presented position, attributed to the fair and the presenting booth. Same services as the page."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.response import Response

from jobs import live_room
from jobs.api.serializers import SHARE_CONSENT_HELP
from jobs.models import Booth, JobFair, Position
from jobs.services.applications import application_submit
from jobs.services.live import fair_presenter_set
from portal.models import Consent


class PresenterSerializer(serializers.Serializer):
    booth = serializers.IntegerField(allow_null=True, help_text="The booth presenting now; null ends the presenting.")


class LiveApplySerializer(serializers.Serializer):
    booth = serializers.IntegerField()
    position = serializers.IntegerField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")
    share_consent = serializers.BooleanField(required=False, default=False, help_text=SHARE_CONSENT_HELP)


class LiveRoomViewSet(viewsets.ViewSet):
    """A published live-stream fair's room; any other fair answers 404."""

    permission_classes = [permissions.IsAuthenticatedOrReadOnly]

    def _fair(self, pk) -> JobFair:
        fair = get_object_or_404(JobFair.objects.published().select_related("region"), pk=pk)
        if not fair.has_live_room():
            raise Http404
        return fair

    @extend_schema(responses={200: dict})
    def retrieve(self, request, pk=None):
        return Response(live_room.room_state(self._fair(pk), request.user))

    @extend_schema(request=PresenterSerializer, responses={200: dict})
    def presenter(self, request, pk=None):
        fair = self._fair(pk)
        body = PresenterSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        booth = None
        if body.validated_data["booth"] is not None:
            booth = Booth.objects.filter(fair=fair, pk=body.validated_data["booth"]).first()
            if booth is None:
                return Response({"booth": [_("Choose a booth of this fair.")]}, status=status.HTTP_400_BAD_REQUEST)
        fair = fair_presenter_set(fair=fair, booth=booth, actor=request.user, request=request)
        return Response(live_room.room_state(fair, request.user))

    @extend_schema(request=LiveApplySerializer, responses={201: dict})
    def apply(self, request, pk=None):
        fair = self._fair(pk)
        body = LiveApplySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        booth = Booth.objects.filter(fair=fair, pk=data["booth"], status=Booth.Status.APPROVED).first()
        position = Position.objects.filter(pk=data["position"]).first()
        if booth is None or position is None:
            return Response(
                {"position": [_("This position is not presented by that booth.")]}, status=status.HTTP_400_BAD_REQUEST
            )
        application = application_submit(
            position=position,
            veteran=request.user,
            share_consent=data["share_consent"],
            channel=Consent.Channel.API,
            note=data["note"],
            booth=booth,
        )
        return Response({"application": application.pk, "fair": fair.pk, "booth": booth.pk}, status=201)


live_detail = LiveRoomViewSet.as_view({"get": "retrieve"})
live_presenter = LiveRoomViewSet.as_view({"post": "presenter"})
live_apply = LiveRoomViewSet.as_view({"post": "apply"})
