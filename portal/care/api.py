"""API of care visits for the bureau's staff (the same services as the pages): subjects marked for regular visits
(mark, end), visits (due or overdue, filtered by period; record one with its follow-up tasks), and follow-up tasks
(open ones, mine or all; close one). Anyone but staff gets 403."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from portal.care import permissions as rules
from portal.care import selectors, services
from portal.care.models import CareSubject, CareTask, CareVisit, Need, Reason
from portal.models import User, VeteranProfile


class IsCareStaff(permissions.BasePermission):
    message = gettext_lazy("Only the bureau's staff work on care visits.")

    def has_permission(self, request, view):
        return rules.can_manage_care(request.user)


class SubjectSerializer(serializers.ModelSerializer):
    veteran_name = serializers.CharField(source="veteran.masked_name", read_only=True)
    reasons = serializers.ListField(child=serializers.ChoiceField(choices=Reason.choices))
    veteran = serializers.PrimaryKeyRelatedField(queryset=VeteranProfile.objects.all())

    class Meta:
        model = CareSubject
        fields = ["id", "veteran", "veteran_name", "reasons", "interval_days", "active", "note", "marked_at"]
        read_only_fields = ["id", "veteran_name", "active", "marked_at"]


class TaskSerializer(serializers.ModelSerializer):
    class Meta:
        model = CareTask
        fields = ["id", "visit", "need", "description", "assigned_to", "due_on", "status", "outcome", "closed_at"]
        read_only_fields = fields


class VisitSerializer(serializers.ModelSerializer):
    veteran_name = serializers.CharField(source="subject.veteran.masked_name", read_only=True)
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)
    tasks = TaskSerializer(many=True, read_only=True)

    class Meta:
        model = CareVisit
        fields = [
            *("id", "subject", "veteran_name", "due_on", "status", "overdue", "visited_on", "visitors"),
            *("condition", "needs", "notes", "tasks"),
        ]
        read_only_fields = fields


class NewTaskSerializer(serializers.Serializer):
    need = serializers.ChoiceField(choices=Need.choices)
    description = serializers.CharField(max_length=300)
    assigned_to = serializers.PrimaryKeyRelatedField(queryset=User.objects.filter(is_active=True))
    due_on = serializers.DateField()


class RecordSerializer(serializers.Serializer):
    visited_on = serializers.DateField()
    visitors = serializers.CharField(max_length=200)
    condition = serializers.ChoiceField(choices=CareVisit.Condition.choices)
    needs = serializers.ListField(child=serializers.ChoiceField(choices=Need.choices), required=False, default=list)
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    tasks = NewTaskSerializer(many=True, required=False, default=list)


class PeriodSerializer(serializers.Serializer):
    due_from = serializers.DateField(required=False, allow_null=True)
    due_to = serializers.DateField(required=False, allow_null=True)


class EndSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class OutcomeSerializer(serializers.Serializer):
    outcome = serializers.CharField(max_length=300)


class SubjectViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Veterans visited regularly; POST marks one (again: updates reasons and interval)."""

    serializer_class = SubjectSerializer
    permission_classes = [IsCareStaff]

    def get_queryset(self):
        return CareSubject.objects.select_related("veteran").order_by("pk")

    def perform_create(self, serializer):
        serializer.instance = services.care_subject_mark(staff_user=self.request.user, **serializer.validated_data)

    @extend_schema(request=EndSerializer, responses=SubjectSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        body = EndSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        subject = services.care_subject_end(subject=self.get_object(), staff_user=request.user, **body.validated_data)
        return Response(self.get_serializer(subject).data)


@extend_schema(
    parameters=[
        OpenApiParameter("overdue", bool, description="Only planned visits past their due date"),
        OpenApiParameter("due_from", str, description="Planned visits due on or after (YYYY-MM-DD)"),
        OpenApiParameter("due_to", str, description="Planned visits due before (YYYY-MM-DD)"),
    ]
)
class VisitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = VisitSerializer
    permission_classes = [IsCareStaff]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False) or self.action != "list":
            return CareVisit.objects.select_related("subject__veteran").prefetch_related("tasks")
        params = self.request.query_params
        if params.get("overdue") in ("1", "true"):
            visits = selectors.overdue_visits()
        else:
            period = PeriodSerializer(data=params)
            period.is_valid(raise_exception=True)
            bounds = {k: v for k, v in period.validated_data.items() if v is not None}
            visits = CareVisit.objects.planned().select_related("subject__veteran")
            if "due_from" in bounds:
                visits = visits.filter(due_on__gte=bounds["due_from"])
            if "due_to" in bounds:
                visits = visits.filter(due_on__lt=bounds["due_to"])
        return visits.prefetch_related("tasks").order_by("due_on", "pk")

    @extend_schema(request=RecordSerializer, responses=VisitSerializer)
    @action(detail=True, methods=["post"])
    def record(self, request, pk=None):
        body = RecordSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        visit = services.care_visit_record(visit=self.get_object(), staff_user=request.user, **body.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=visit.pk)).data)


@extend_schema(parameters=[OpenApiParameter("all", bool, description="Every open task, not only mine")])
class TaskViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = TaskSerializer
    permission_classes = [IsCareStaff]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False) or self.action != "list":
            return CareTask.objects.all()
        mine = self.request.query_params.get("all") not in ("1", "true")
        return selectors.open_tasks(assigned_to=self.request.user if mine else None)

    @extend_schema(request=OutcomeSerializer, responses=TaskSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        body = OutcomeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        task = services.care_task_close(
            task=get_object_or_404(CareTask, pk=pk), staff_user=request.user, **body.validated_data
        )
        return Response(self.get_serializer(task).data)


router = DefaultRouter()
router.register("care-subjects", SubjectViewSet, basename="care-subject")
router.register("care-visits", VisitViewSet, basename="care-visit")
router.register("care-tasks", TaskViewSet, basename="care-task")
urlpatterns = router.urls
