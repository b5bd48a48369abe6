"""REST API of the jobs app: positions (search, own CRUD, apply), applications (pipeline), fairs (staff run them)."""

import django_filters
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from jobs.api import serializers as s
from jobs.models import Booth, JobFair, Position
from jobs.permissions import employer_organizations, managed_positions, visible_applications
from jobs.selectors import fair_stats, position_list
from jobs.services.applications import application_submit, application_transition
from jobs.services.booths import booth_apply
from jobs.services.fair_registrations import fair_check_in, fair_register, fair_registration_cancel
from jobs.services.fairs import fair_create, fair_update
from jobs.services.positions import position_save, position_submit
from jobs.services.tickets import check_in_token
from portal.models import Consent, Region
from portal.permissions import is_bureau_staff


@extend_schema_field(OpenApiTypes.STR)
class RegionCodeFilter(django_filters.ModelChoiceFilter):
    """A region given by its code (an unknown code is a 400 with the field's error)."""


class PositionFilter(django_filters.FilterSet):
    region = django_filters.CharFilter(method="filter_region", label="region code (includes its children)")
    district = RegionCodeFilter(
        queryset=Region.objects.filter(level=Region.Level.DISTRICT),
        to_field_name="code",
        method="filter_district",
        label="district code (a region below a city), beside or instead of `region`",
    )
    category = django_filters.CharFilter(field_name="category__code")
    salary_min = django_filters.NumberFilter(field_name="salary_max", lookup_expr="gte")
    education = django_filters.NumberFilter(field_name="education", lookup_expr="lte")
    veteran_priority = django_filters.BooleanFilter()
    targeted = django_filters.BooleanFilter()
    welcomes_family = django_filters.BooleanFilter()
    status = django_filters.ChoiceFilter(choices=Position.Status.choices)

    class Meta:
        model = Position
        fields = [
            "region",
            "district",
            "category",
            "salary_min",
            "education",
            "veteran_priority",
            "targeted",
            "welcomes_family",
            "status",
        ]

    def filter_region(self, queryset, name, value):
        region = Region.objects.filter(code=value).first()
        return queryset.filter(region__code__startswith=region.code_prefix) if region else queryset.none()

    def filter_district(self, queryset, name, value):
        return queryset.filter(region__code__startswith=value.code_prefix)


@extend_schema(
    parameters=[
        OpenApiParameter("q", str, description="Chinese full-text query"),
        OpenApiParameter("mine", bool, description="only my organization's positions"),
    ]
)
class PositionViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Published positions for everyone (`?q=` searches); employer members create and edit their own."""

    filterset_class = PositionFilter
    ordering_fields = ["published_at", "salary_max"]
    throttle_action_scopes = {"list": "search"}

    def get_queryset(self):
        if self.action in ("update", "partial_update", "submit") or self.request.query_params.get("mine"):
            return managed_positions(self.request.user).select_related("organization", "region", "category")
        if self.action == "list":
            return position_list(q=self.request.query_params.get("q", ""))
        return (
            Position.objects.published()
            .select_related("organization", "region", "category")
            .prefetch_related("military_specialties")
        )

    def get_serializer_class(self):
        if self.action == "list":
            return s.PositionListSerializer
        if self.action == "apply":
            return s.ApplyRequestSerializer
        return s.PositionSerializer

    def perform_create(self, serializer):
        organization = employer_organizations(self.request.user).first()
        if organization is None:
            raise ValidationError(_("Only members of a verified employer can post positions."))
        data = dict(serializer.validated_data)
        specialties = data.pop("military_specialties", None)
        serializer.instance = position_save(
            organization=organization, user=self.request.user, data=data, specialties=specialties
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        specialties = data.pop("military_specialties", None)
        position = serializer.instance
        serializer.instance = position_save(
            organization=position.organization,
            user=self.request.user,
            data=data,
            position=position,
            specialties=specialties,
        )

    @extend_schema(request=None, responses=s.PositionSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        position = position_submit(position=self.get_object(), user=request.user)
        return Response(s.PositionSerializer(position).data)

    @extend_schema(request=s.ApplyRequestSerializer, responses={201: s.ApplicationSerializer})
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def apply(self, request, pk=None):
        position = self.get_object()
        data = s.ApplyRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fair = None
        if data.validated_data.get("fair"):
            fair = JobFair.objects.published().filter(pk=data.validated_data["fair"]).first()
            if fair is None:
                raise ValidationError({"fair": _("This position is not offered at that job fair.")})
        application = application_submit(
            position=position,
            veteran=request.user,
            share_consent=data.validated_data["share_consent"],
            channel=Consent.Channel.API,
            note=data.validated_data.get("note", ""),
            fair=fair,
            scan_link=data.validated_data.get("scan", ""),
        )
        return Response(s.ApplicationSerializer(application).data, status=status.HTTP_201_CREATED)


class ApplicationViewSet(viewsets.ReadOnlyModelViewSet):
    """A veteran's own applications, or an employer's applicants (own positions only); staff see all."""

    serializer_class = s.ApplicationSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_fields = ["status", "position"]

    def get_queryset(self):
        return (
            visible_applications(self.request.user)
            .select_related("position__organization")
            .prefetch_related("events")
            .order_by("-created_at", "-id")
        )

    @extend_schema(request=s.StatusChangeSerializer, responses=s.ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def status(self, request, pk=None):
        application = self.get_object()
        data = s.StatusChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        application = application_transition(
            application=application,
            actor=request.user,
            to_status=data.validated_data["status"],
            note=data.validated_data.get("note", ""),
        )
        application = self.get_queryset().get(pk=application.pk)
        return Response(s.ApplicationSerializer(application).data)


class IsBureauStaff(permissions.BasePermission):
    message = gettext_lazy("Only bureau staff can run job fairs.")

    def has_permission(self, request, view):
        return is_bureau_staff(request.user)


class JobFairViewSet(viewsets.ReadOnlyModelViewSet):
    """Published job fairs; register, check in, booths and statistics. Bureau staff create and change fairs."""

    serializer_class = s.JobFairSerializer
    filterset_fields = ["kind"]
    staff_actions = ("create", "update", "partial_update")

    def get_permissions(self):
        if self.action in self.staff_actions:
            return [IsBureauStaff()]
        return super().get_permissions()

    def get_queryset(self):
        if self.action in self.staff_actions:
            return JobFair.objects.select_related("region")  # staff also correct unpublished fairs
        return JobFair.objects.published().select_related("region")

    @extend_schema(
        request=s.JobFairWriteSerializer,
        responses={201: s.JobFairSerializer},
        description="Bureau staff create a fair (others get 403); broken rules answer 400 with field errors.",
    )
    def create(self, request):
        data = s.JobFairWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fair = fair_create(staff=request.user, data=data.validated_data, request=request)
        return Response(s.JobFairSerializer(fair).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=s.JobFairWriteSerializer,
        responses=s.JobFairSerializer,
        description="Bureau staff replace a fair's fields (others get 403). Capacity and booth count cannot drop "
        "below the veterans already registered and the booths already approved.",
    )
    def update(self, request, pk=None, partial=False):
        fair = self.get_object()
        data = s.JobFairWriteSerializer(fair, data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        fair = fair_update(fair=fair, staff=request.user, data=data.validated_data, request=request)
        return Response(s.JobFairSerializer(fair).data)

    @extend_schema(
        request=s.JobFairWriteSerializer,
        responses=s.JobFairSerializer,
        description="Bureau staff change some of a fair's fields (others get 403), under the same rules.",
    )
    def partial_update(self, request, pk=None):
        return self.update(request, pk, partial=True)

    @extend_schema(request=None, responses={201: s.RegistrationSerializer})
    @action(detail=True, methods=["post"], permission_classes=[permissions.IsAuthenticated])
    def register(self, request, pk=None):
        registration = fair_register(fair=self.get_object(), user=request.user)
        return Response(_registration_data(registration), status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    @action(
        detail=True, methods=["post"], url_path="cancel-registration", permission_classes=[permissions.IsAuthenticated]
    )
    def cancel_registration(self, request, pk=None):
        fair_registration_cancel(fair=self.get_object(), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=s.CheckInRequestSerializer, responses=s.CheckInResponseSerializer)
    @action(detail=True, methods=["post"], url_path="check-in", permission_classes=[permissions.IsAuthenticated])
    def check_in(self, request, pk=None):
        data = s.CheckInRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        registration, already = fair_check_in(
            fair=self.get_object(),
            token=data.validated_data["token"],
            actor=request.user,
            override=data.validated_data["override"],
            override_reason=data.validated_data.get("override_reason", ""),
            request=request,
        )
        profile = getattr(registration.user, "veteran_profile", None) or getattr(
            registration.user, "family_profile", None
        )
        return Response(
            {
                "registration": registration.pk,
                "name": profile.masked_name if profile else "",
                "checked_in_at": registration.checked_in_at,
                "already_checked_in": already,
            }
        )

    @extend_schema(methods=["GET"], request=None, responses=s.BoothSerializer(many=True))
    @extend_schema(methods=["POST"], request=s.BoothApplySerializer, responses={201: s.BoothSerializer})
    @action(detail=True, methods=["get", "post"])
    def booths(self, request, pk=None):
        fair = self.get_object()
        if request.method == "GET":
            booths = Booth.objects.filter(fair=fair, status=Booth.Status.APPROVED).select_related("organization")
            return Response(s.BoothSerializer(booths.prefetch_related("positions"), many=True).data)
        organization = employer_organizations(request.user).first()
        if organization is None:
            raise Http404
        data = s.BoothApplySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        booth = booth_apply(
            fair=fair,
            organization=organization,
            user=request.user,
            positions=data.validated_data["positions"],
            note=data.validated_data.get("note", ""),
        )
        return Response(s.BoothSerializer(booth).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=s.FairStatsSerializer)
    @action(detail=True, methods=["get"])
    def stats(self, request, pk=None):
        return Response(fair_stats(self.get_object()))

    @extend_schema(request=None, responses=s.RegistrationSerializer)
    @action(detail=True, methods=["get"], url_path="my-registration", permission_classes=[permissions.IsAuthenticated])
    def my_registration(self, request, pk=None):
        registration = self.get_object().registrations.filter(user=request.user).first()
        if registration is None:
            raise Http404
        return Response(_registration_data(registration))


def _registration_data(registration) -> dict:
    return {
        "id": registration.pk,
        "fair": registration.fair_id,
        "seat": registration.seat,
        "check_in_token": check_in_token(registration),
        "checked_in_at": registration.checked_in_at,
    }
