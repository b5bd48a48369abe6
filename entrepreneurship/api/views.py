"""REST API of the entrepreneurship app. Querysets are scoped to the caller; every write calls a service, whose
refusals (portal.exceptions.AccessDenied) portal.api.exceptions answers: 404 for another party's object, else 403."""

from django.db.models import Q
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound

from entrepreneurship.api import serializers as s
from entrepreneurship.models import (
    Competition,
    CompetitionEntry,
    Enterprise,
    IncubatorBase,
    JudgeAssignment,
    LoanApplication,
    LoanProduct,
    MentorBooking,
    MentorProfile,
    MentorSlot,
    Residency,
    Score,
)
from entrepreneurship.services import competitions, enterprises, incubators, loans, mentors
from portal.api.actions import object_action
from portal.permissions import is_bureau_staff


class EnterpriseViewSet(viewsets.ModelViewSet):
    """The caller's veteran enterprises (staff: all)."""

    queryset = Enterprise.objects.none()  # for the schema; get_queryset scopes to the caller
    serializer_class = s.EnterpriseSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_fields = ["stage"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        user = self.request.user
        return Enterprise.objects.all() if is_bureau_staff(user) else Enterprise.objects.of_founder(user)

    def perform_create(self, serializer):
        serializer.instance = enterprises.enterprise_save(founder=self.request.user, data=serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = enterprises.enterprise_save(
            founder=self.request.user,
            data=serializer.validated_data,
            enterprise=serializer.instance,
        )


class IncubatorBaseViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.IncubatorBaseSerializer
    permission_classes = [permissions.AllowAny]
    filterset_fields = ["region", "operator"]

    def get_queryset(self):
        return IncubatorBase.objects.listed().select_related("operator")


class ResidencyViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Veterans see their applications; operators those to their bases; staff all."""

    queryset = Residency.objects.none()  # for the schema; get_queryset scopes to the caller
    serializer_class = s.ResidencySerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_fields = ["status", "base"]

    def get_queryset(self):
        user = self.request.user
        if is_bureau_staff(user):
            return Residency.objects.all()
        return Residency.objects.filter(
            Q(enterprise__founder=user) | Q(base__operator__memberships__user=user, base__operator__status="verified")
        ).distinct()

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = incubators.residency_apply(
            user=self.request.user,
            base=data["base"],
            enterprise=data["enterprise"],
            workstations=data["workstations_requested"],
            message=data.get("message", ""),
        )

    @extend_schema(request=s.ResidencyAcceptSerializer, responses=s.ResidencySerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return object_action(
            self,
            request,
            input=s.ResidencyAcceptSerializer,
            service=incubators.residency_accept,
            target="residency",
            output=s.ResidencySerializer,
        )

    @extend_schema(request=s.ReasonSerializer, responses=s.ResidencySerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return object_action(
            self,
            request,
            input=s.ReasonSerializer,
            service=incubators.residency_reject,
            target="residency",
            output=s.ResidencySerializer,
        )


class MentorViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.MentorSerializer
    permission_classes = [permissions.AllowAny]
    queryset = MentorProfile.objects.approved()


class MentorSlotViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Open slots of approved mentors; a mentor also sees and creates their own."""

    serializer_class = s.MentorSlotSerializer
    permission_classes = [permissions.IsAuthenticatedOrReadOnly]
    filterset_fields = ["mentor"]

    def get_queryset(self):
        user = self.request.user
        qs = MentorSlot.objects.bookable()
        if user.is_authenticated:
            qs = qs | MentorSlot.objects.filter(mentor__user=user)
        return qs.select_related("mentor").distinct()

    def perform_create(self, serializer):
        profile = MentorProfile.objects.filter(user=self.request.user).first()
        if profile is None:
            raise NotFound
        data = serializer.validated_data
        serializer.instance = mentors.slot_create(
            mentor=profile, start=data["start"], end=data["end"], location=data.get("location", "")
        )


class MentorBookingViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Bookings where the caller is the veteran or the mentor."""

    queryset = MentorBooking.objects.none()  # for the schema; get_queryset scopes to the caller
    serializer_class = s.MentorBookingSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_fields = ["status", "topic"]

    def get_queryset(self):
        user = self.request.user
        return MentorBooking.objects.filter(Q(veteran=user) | Q(slot__mentor__user=user)).select_related("slot")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = mentors.booking_create(
            user=self.request.user,
            slot=data["slot"],
            topic=data["topic"],
            question=data.get("question", ""),
            enterprise=data.get("enterprise"),
        )

    @extend_schema(request=s.CancelSerializer, responses=s.MentorBookingSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return object_action(
            self,
            request,
            input=s.CancelSerializer,
            service=mentors.booking_cancel,
            target="booking",
            output=s.MentorBookingSerializer,
        )

    @extend_schema(request=s.NotesSerializer, responses=s.MentorBookingSerializer)
    @action(detail=True, methods=["post"])
    def notes(self, request, pk=None):
        return object_action(
            self,
            request,
            input=s.NotesSerializer,
            service=mentors.booking_record_notes,
            target="booking",
            output=s.MentorBookingSerializer,
        )

    @extend_schema(request=s.RatingSerializer, responses=s.MentorBookingSerializer)
    @action(detail=True, methods=["post"])
    def rate(self, request, pk=None):
        return object_action(
            self,
            request,
            input=s.RatingSerializer,
            service=mentors.booking_rate,
            target="booking",
            output=s.MentorBookingSerializer,
        )


class CompetitionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.CompetitionSerializer
    permission_classes = [permissions.AllowAny]
    filterset_fields = ["status"]

    def get_queryset(self):
        return Competition.objects.visible().prefetch_related("stages", "criteria")


class EntryViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Entries of one competition: a veteran sees their own, a judge those they may score, staff all."""

    queryset = CompetitionEntry.objects.none()  # for the schema; get_queryset scopes to the caller
    serializer_class = s.EntrySerializer
    permission_classes = [permissions.IsAuthenticated]

    def competition(self):
        return get_object_or_404(Competition.objects.visible(), pk=self.kwargs["competition_pk"])

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return CompetitionEntry.objects.none()
        user = self.request.user
        qs = self.competition().entries.select_related("enterprise")
        if is_bureau_staff(user):
            return qs
        if JudgeAssignment.objects.filter(competition_id=self.kwargs["competition_pk"], judge=user).exists():
            return qs.exclude(enterprise__founder=user).exclude(conflicts__judge=user)
        return qs.filter(submitted_by=user)

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = competitions.entry_submit(
            user=self.request.user,
            competition=self.competition(),
            enterprise=data["enterprise"],
            pitch=data["pitch"],
        )


class ScoreViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """A judge's own scores only; POST again for the same entry and stage replaces the judge's score."""

    queryset = Score.objects.none()  # for the schema; get_queryset scopes to the caller
    serializer_class = s.ScoreSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_fields = ["entry", "stage"]

    def get_queryset(self):
        return Score.objects.filter(judge=self.request.user)

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = competitions.score_submit(
            judge=self.request.user,
            entry=data["entry"],
            values=data["values"],
            comment=data.get("comment", ""),
        )


class LoanProductViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.LoanProductSerializer
    permission_classes = [permissions.AllowAny]
    filterset_fields = ["bank", "subsidy_rule"]

    def get_queryset(self):
        return LoanProduct.objects.published().select_related("bank")


class LoanApplicationViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """A veteran sees their applications; a bank member those to the bank's products; staff all."""

    queryset = LoanApplication.objects.none()  # for the schema; get_queryset scopes to the caller
    serializer_class = s.LoanApplicationSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_fields = ["status", "product"]

    def get_queryset(self):
        user = self.request.user
        if is_bureau_staff(user):
            return LoanApplication.objects.all()
        return (
            LoanApplication.objects.filter(applicant=user) | LoanApplication.objects.for_bank_member(user)
        ).distinct()

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = loans.loan_apply(user=self.request.user, **data)

    @extend_schema(request=s.LoanReviewSerializer, responses=s.LoanApplicationSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        return object_action(
            self,
            request,
            input=s.LoanReviewSerializer,
            service=loans.loan_review,
            target="application",
            output=s.LoanApplicationSerializer,
        )

    @extend_schema(request=s.LoanDisburseSerializer, responses=s.LoanApplicationSerializer)
    @action(detail=True, methods=["post"])
    def disburse(self, request, pk=None):
        return object_action(
            self,
            request,
            input=s.LoanDisburseSerializer,
            service=loans.loan_disburse,
            target="application",
            output=s.LoanApplicationSerializer,
        )
