"""API of employer verification for the bureau's staff (the page is portal.staff.views.organizations): the
registrations waiting, and verifying one against its business licence (every check confirmed) or refusing it with
a reason, through portal.services.organizations.organization_verify. Anyone but staff gets 403."""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from portal.models import Organization
from portal.models.organizations import VERIFICATION_CHECKS
from portal.permissions import is_bureau_staff
from portal.services.organizations import organization_verify


class IsBureauStaff(permissions.BasePermission):
    message = gettext_lazy("Only bureau staff can verify organizations.")

    def has_permission(self, request, view):
        return is_bureau_staff(request.user)


class ReviewSerializer(serializers.ModelSerializer):
    has_licence = serializers.SerializerMethodField()

    class Meta:
        model = Organization
        fields = ["id", "name", "org_type", "uscc", "status", "licence_valid_until", "has_licence", "rejection_reason"]
        read_only_fields = fields

    def get_has_licence(self, organization) -> bool:
        return bool(organization.business_licence)


class VerifySerializer(serializers.Serializer):
    checklist = serializers.MultipleChoiceField(
        choices=list(VERIFICATION_CHECKS), help_text="The checks confirmed against the licence (all are needed)."
    )


class RefuseSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class OrganizationReviewViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Registrations for staff to decide; the list shows those pending, a detail any organization."""

    serializer_class = ReviewSerializer
    permission_classes = [IsBureauStaff]

    def get_queryset(self):
        organizations = Organization.objects.order_by("pk")
        return organizations.filter(status=Organization.Status.PENDING) if self.action == "list" else organizations

    @extend_schema(request=VerifySerializer, responses=ReviewSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        body = VerifySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        checklist = dict.fromkeys(body.validated_data["checklist"], True)
        organization = organization_verify(
            organization=self.get_object(), staff_user=request.user, checklist=checklist, request=request
        )
        return Response(ReviewSerializer(organization).data)

    @extend_schema(request=RefuseSerializer, responses=ReviewSerializer)
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        body = RefuseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        organization = organization_verify(
            organization=self.get_object(),
            staff_user=request.user,
            approve=False,
            reason=body.validated_data["reason"],
            request=request,
        )
        return Response(ReviewSerializer(organization).data)
