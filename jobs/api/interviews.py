"""API of interviews: the employer proposes (POST /interviews/), the applicant picks or asks for another time, either
side reschedules or cancels, the employer records the outcome. Each operation calls the page's service; a
refusal answers 400 with field errors, another party's interview 404."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from jobs.models import Interview, InterviewEvent, InterviewSlot
from jobs.permissions import employer_organizations, interview_parties
from jobs.selectors import employer_applications
from jobs.services import interviews as svc
from portal.api.actions import validated


class InterviewSlotSerializer(serializers.ModelSerializer):
    taken = serializers.SerializerMethodField()

    class Meta:
        model = InterviewSlot
        fields = [
            "id",
            "starts_at",
            "ends_at",
            "mode",
            "address",
            "video_link",
            "contact_name",
            "contact_phone",
            "bring",
            "interviewer",
            "taken",
        ]

    def get_taken(self, slot) -> bool:
        return slot.booking_id is not None


class InterviewEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = InterviewEvent
        fields = ["kind", "actor", "note", "slot_starts_at", "created_at"]


class InterviewSerializer(serializers.ModelSerializer):
    booked_slot = serializers.SerializerMethodField()
    offered_slots = InterviewSlotSerializer(many=True, read_only=True)
    events = InterviewEventSerializer(many=True, read_only=True)
    calendar_url = serializers.SerializerMethodField()

    class Meta:
        model = Interview
        fields = [
            "id",
            "application",
            "status",
            "note",
            "retime_note",
            "cancel_reason",
            "booking_round",
            "booked_slot",
            "offered_slots",
            "events",
            "calendar_url",
            "created_at",
        ]

    @extend_schema(responses=InterviewSlotSerializer)
    def get_booked_slot(self, interview) -> dict | None:
        slot = interview.slot()
        return InterviewSlotSerializer(slot).data if slot else None

    def get_calendar_url(self, interview) -> str:
        return reverse("jobs:interview_calendar", args=[interview.pk])


class InterviewDetailsSerializer(serializers.Serializer):
    minutes = serializers.IntegerField(min_value=10, max_value=480, default=30)
    mode = serializers.ChoiceField(choices=InterviewSlot.Mode.choices, default=InterviewSlot.Mode.ONSITE)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    video_link = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    contact_name = serializers.CharField(max_length=60)
    contact_phone = serializers.CharField(max_length=20)
    bring = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    interviewer = serializers.IntegerField(required=False, allow_null=True, default=None)


class InterviewOfferSerializer(serializers.Serializer):
    times = serializers.ListField(child=serializers.DateTimeField(), max_length=10, required=False, default=list)
    details = InterviewDetailsSerializer(required=False)
    offer_slots = serializers.ListField(child=serializers.IntegerField(), max_length=20, required=False, default=list)


class InterviewProposeSerializer(InterviewOfferSerializer):
    application = serializers.IntegerField()
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class InterviewRescheduleSerializer(InterviewOfferSerializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    slot = serializers.IntegerField(required=False, allow_null=True, default=None)


class InterviewPickSerializer(serializers.Serializer):
    slot = serializers.IntegerField()


class InterviewNoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=500)


class InterviewReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class InterviewOutcomeSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=svc.OUTCOMES, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


def _offer_kwargs(data: dict) -> dict:
    details = dict(data.get("details") or {})
    if details.get("interviewer") is not None:
        interviewer = get_user_model().objects.filter(pk=details["interviewer"]).first()
        if interviewer is None:
            raise ValidationError({"interviewer": _("The interviewer must be a member of your organization.")})
        details["interviewer"] = interviewer
    return {"times": data["times"], "details": details or None, "offer_slots": data["offer_slots"]}


def _slot(pk):
    if pk is None:
        return None
    slot = InterviewSlot.objects.filter(pk=pk).first()
    if slot is None:
        raise ValidationError({"slot": _("Choose one of the times offered to you.")})
    return slot


class InterviewViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Interviews of the caller's own applications, or of their employer organizations' applicants."""

    serializer_class = InterviewSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_fields = ["status", "application"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Interview.objects.none()
        return (
            interview_parties(self.request.user)
            .select_related("application__position__organization")
            .prefetch_related("offered_slots", "events")
            .order_by("-created_at", "-id")
        )

    def _answer(self, interview, code=status.HTTP_200_OK):
        return Response(InterviewSerializer(self.get_queryset().get(pk=interview.pk)).data, status=code)

    def _input(self, serializer_class):
        return validated(serializer_class, self.request)

    @extend_schema(request=InterviewProposeSerializer, responses={201: InterviewSerializer})
    def create(self, request):
        data = self._input(InterviewProposeSerializer)
        applications = employer_applications(employer_organizations(request.user))
        application = get_object_or_404(applications, pk=data["application"])
        interview = svc.interview_propose(
            application=application, actor=request.user, note=data["note"], **_offer_kwargs(data)
        )
        return self._answer(interview, status.HTTP_201_CREATED)

    @extend_schema(request=InterviewPickSerializer, responses=InterviewSerializer)
    @action(detail=True, methods=["post"])
    def pick(self, request, pk=None):
        data = self._input(InterviewPickSerializer)
        interview = svc.interview_pick(interview=self.get_object(), actor=request.user, slot=_slot(data["slot"]))
        return self._answer(interview)

    @extend_schema(request=InterviewNoteSerializer, responses=InterviewSerializer)
    @action(detail=True, methods=["post"], url_path="another-time")
    def another_time(self, request, pk=None):
        data = self._input(InterviewNoteSerializer)
        interview = svc.interview_request_retime(interview=self.get_object(), actor=request.user, note=data["note"])
        return self._answer(interview)

    @extend_schema(request=InterviewRescheduleSerializer, responses=InterviewSerializer)
    @action(detail=True, methods=["post"])
    def reschedule(self, request, pk=None):
        data = self._input(InterviewRescheduleSerializer)
        interview = svc.interview_reschedule(
            interview=self.get_object(),
            actor=request.user,
            reason=data["reason"],
            slot=_slot(data["slot"]),
            **_offer_kwargs(data),
        )
        return self._answer(interview)

    @extend_schema(request=InterviewReasonSerializer, responses=InterviewSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        data = self._input(InterviewReasonSerializer)
        interview = svc.interview_cancel(interview=self.get_object(), actor=request.user, reason=data["reason"])
        return self._answer(interview)

    @extend_schema(request=InterviewOutcomeSerializer, responses=InterviewSerializer)
    @action(detail=True, methods=["post"])
    def outcome(self, request, pk=None):
        data = self._input(InterviewOutcomeSerializer)
        interview = svc.interview_record_outcome(interview=self.get_object(), actor=request.user, **data)
        return self._answer(interview)
