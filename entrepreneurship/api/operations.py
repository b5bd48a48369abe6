"""API of the steps that were once only in the admin: judging, conflicts, mentor applications and their review,
operators' bases with rooms and desks, loan schedules and subsidy settlements. Each calls the same service as the
pages and the admin actions; refusals are answered by portal.api.exceptions (404 hidden, 403, 400 with fields)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from entrepreneurship.models import (
    Competition,
    Desk,
    DeskAllocation,
    IncubatorBase,
    JudgeConflict,
    LoanApplication,
    MentorProfile,
    RepaymentInstalment,
    Residency,
    Room,
    SubsidySettlement,
)
from entrepreneurship.services import competitions, mentors, settlements, workstations
from portal.api.actions import object_action
from portal.permissions import is_bureau_staff


class StatusSerializer(serializers.Serializer):
    status = serializers.CharField()


class ConflictSerializer(serializers.ModelSerializer):
    judge = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = JudgeConflict
        fields = ["id", "judge", "entry", "reason", "created_at"]


class ConflictInputSerializer(serializers.Serializer):
    entry = serializers.IntegerField()
    reason = serializers.CharField(max_length=200)
    judge = serializers.IntegerField(required=False, help_text="Staff only: the judge the conflict is recorded for.")


class CompetitionOperationsViewSet(viewsets.GenericViewSet):
    """Staff move a competition to judging; judges (or staff for them) declare conflicts of interest."""

    queryset = Competition.objects.none()
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = StatusSerializer

    def get_queryset(self):
        user = self.request.user
        return Competition.objects.all() if is_bureau_staff(user) else Competition.objects.filter(judges__judge=user)

    @extend_schema(request=None, responses=StatusSerializer)
    @action(detail=True, methods=["post"], url_path="start-judging")
    def start_judging(self, request, pk=None):
        competition = competitions.competition_start_judging(competition=self.get_object(), user=request.user)
        return Response({"status": competition.status})

    @extend_schema(request=ConflictInputSerializer, responses=ConflictSerializer)
    @action(detail=True, methods=["post"])
    def conflicts(self, request, pk=None):
        competition = self.get_object()
        data = ConflictInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = get_object_or_404(competition.entries, pk=data.validated_data["entry"])
        judge = request.user
        if "judge" in data.validated_data and is_bureau_staff(request.user):
            judge = get_object_or_404(
                competition.judges.select_related("judge"), judge_id=data.validated_data["judge"]
            ).judge
        conflict = competitions.conflict_declare(
            entry=entry, judge=judge, user=request.user, reason=data.validated_data["reason"]
        )
        return Response(ConflictSerializer(conflict).data, status=201)


class MentorApplicationSerializer(serializers.ModelSerializer):
    class Meta:
        model = MentorProfile
        fields = ["id", "display_name", "title", "field", "expertise", "bio", "status", "rejection_reason"]
        read_only_fields = ["status", "rejection_reason"]


class MentorReviewSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class MentorApplicationViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """A user's own mentor application (POST again updates it); staff see all and review them."""

    queryset = MentorProfile.objects.none()
    serializer_class = MentorApplicationSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_fields = ["status", "field"]

    def get_queryset(self):
        user = self.request.user
        return MentorProfile.objects.all() if is_bureau_staff(user) else MentorProfile.objects.filter(user=user)

    def perform_create(self, serializer):
        serializer.instance = mentors.mentor_apply(user=self.request.user, **serializer.validated_data)

    @extend_schema(request=MentorReviewSerializer, responses=MentorApplicationSerializer)
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        return object_action(
            self,
            request,
            input=MentorReviewSerializer,
            service=mentors.mentor_review,
            target="profile",
            actor="staff_user",
            output=MentorApplicationSerializer,
        )


class DeskSerializer(serializers.ModelSerializer):
    holder = serializers.SerializerMethodField()

    class Meta:
        model = Desk
        fields = ["id", "label", "row", "column", "is_active", "holder"]

    def get_holder(self, desk) -> int | None:
        current = [a for a in desk.allocations.all() if a.released_at is None]
        return current[0].residency_id if current else None


class RoomSerializer(serializers.ModelSerializer):
    desks = DeskSerializer(many=True, read_only=True)

    class Meta:
        model = Room
        fields = ["id", "name", "rows", "columns", "desks"]


class OperatedBaseSerializer(serializers.ModelSerializer):
    rooms_plan = RoomSerializer(source="room_set", many=True, read_only=True)

    class Meta:
        model = IncubatorBase
        fields = [
            "id",
            "operator",
            "name",
            "region",
            "address",
            "services",
            "total_workstations",
            "rooms",
            "veteran_priority_policy",
            "is_active",
            "rooms_plan",
        ]
        read_only_fields = ["rooms"]


class RoomInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=60)
    rows = serializers.IntegerField()
    columns = serializers.IntegerField()
    room = serializers.IntegerField(required=False, help_text="A room of this base to resize; omit to add one.")


class DeskAllocateSerializer(serializers.Serializer):
    residency = serializers.IntegerField()
    desks = serializers.ListField(child=serializers.IntegerField(), allow_empty=False)


class DeskAllocationSerializer(serializers.ModelSerializer):
    class Meta:
        model = DeskAllocation
        fields = ["id", "desk", "residency", "allocated_at", "released_at"]


class OperatedBaseViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """An operator's bases (staff: all): create, edit, lay out rooms, allocate desks to residencies."""

    queryset = IncubatorBase.objects.none()
    serializer_class = OperatedBaseSerializer
    permission_classes = [permissions.IsAuthenticated]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        user = self.request.user
        qs = IncubatorBase.objects.all() if is_bureau_staff(user) else IncubatorBase.objects.operated_by(user)
        return qs.prefetch_related("room_set__desks__allocations").distinct()

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        operator = data.pop("operator")
        serializer.instance = workstations.base_save(user=self.request.user, data=data, operator=operator)

    def perform_update(self, serializer):
        data = {k: v for k, v in serializer.validated_data.items() if k != "operator"}
        serializer.instance = workstations.base_save(user=self.request.user, data=data, base=serializer.instance)

    @extend_schema(request=RoomInputSerializer, responses=RoomSerializer)
    @action(detail=True, methods=["post"])
    def rooms(self, request, pk=None):
        base = self.get_object()
        data = RoomInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        room = get_object_or_404(base.room_set, pk=values.pop("room")) if "room" in values else None
        room = workstations.room_save(user=request.user, base=base, room=room, **values)
        return Response(RoomSerializer(room).data, status=200 if "room" in data.validated_data else 201)

    @extend_schema(request=DeskAllocateSerializer, responses=DeskAllocationSerializer(many=True))
    @action(detail=True, methods=["post"])
    def allocations(self, request, pk=None):
        base = self.get_object()
        data = DeskAllocateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        residency = get_object_or_404(Residency.objects.filter(base=base), pk=data.validated_data["residency"])
        desks = list(Desk.objects.filter(room__base=base, pk__in=data.validated_data["desks"]))
        if len(desks) != len(set(data.validated_data["desks"])):
            raise serializers.ValidationError({"desks": ["A chosen desk is not in this base."]})
        rows = workstations.desks_allocate(user=request.user, residency=residency, desks=desks)
        return Response(DeskAllocationSerializer(rows, many=True).data, status=201)


class InstalmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = RepaymentInstalment
        fields = ["number", "due_date", "principal", "interest", "payment", "balance"]


class SettlementSerializer(serializers.ModelSerializer):
    class Meta:
        model = SubsidySettlement
        fields = [
            "id",
            "application",
            "quarter",
            "period_start",
            "period_end",
            "interest",
            "subsidy",
            "status",
            "approved_at",
        ]


class SettlementViewSet(viewsets.ReadOnlyModelViewSet):
    """Quarterly subsidy settlements: staff see all and approve; an applicant or the bank see their loans'."""

    queryset = SubsidySettlement.objects.none()
    serializer_class = SettlementSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_fields = ["status", "application", "quarter"]

    def get_queryset(self):
        user = self.request.user
        if is_bureau_staff(user):
            return SubsidySettlement.objects.all()
        loans = LoanApplication.objects.filter(applicant=user) | LoanApplication.objects.for_bank_member(user)
        return SubsidySettlement.objects.filter(application__in=loans.values("pk"))

    @extend_schema(request=None, responses=SettlementSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        settlement = settlements.settlement_approve(settlement=self.get_object(), user=request.user)
        return Response(SettlementSerializer(settlement).data)


class ScheduleViewSet(viewsets.GenericViewSet):
    """The repayment schedule of a loan the caller may see."""

    queryset = LoanApplication.objects.none()
    serializer_class = InstalmentSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        user = self.request.user
        if is_bureau_staff(user):
            return LoanApplication.objects.all()
        return (
            LoanApplication.objects.filter(applicant=user) | LoanApplication.objects.for_bank_member(user)
        ).distinct()

    @extend_schema(responses=InstalmentSerializer(many=True))
    def retrieve(self, request, pk=None):
        application = self.get_object()
        return Response(InstalmentSerializer(application.instalments.all(), many=True).data)
