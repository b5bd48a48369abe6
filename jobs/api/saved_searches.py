"""REST API of a person's saved searches (/api/v1/saved-searches/): list, save, change the alerts or the name,
delete. Only the caller's own searches exist for them; the services are the page's."""

from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.response import Response

from jobs.models import JobFair, SavedSearch
from jobs.selectors import SORTS
from jobs.services import saved_searches as services
from portal.choices import Education
from portal.models import OccupationCategory, Region


class SavedSearchSerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(
        slug_field="code", queryset=Region.objects.filter(level__lte=Region.Level.CITY), required=False, allow_null=True
    )
    district = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Region.objects.filter(level=Region.Level.DISTRICT),
        required=False,
        allow_null=True,
        write_only=True,
    )
    category = serializers.SlugRelatedField(
        slug_field="code",
        queryset=OccupationCategory.objects.filter(parent__isnull=True),
        required=False,
        allow_null=True,
    )
    fair = serializers.PrimaryKeyRelatedField(queryset=JobFair.objects.published(), required=False, allow_null=True)
    education = serializers.ChoiceField(choices=Education.choices, required=False, allow_null=True)
    sort = serializers.ChoiceField(choices=SORTS, required=False, default="relevance")
    frequency = serializers.ChoiceField(choices=SavedSearch.Frequency.choices, default=SavedSearch.Frequency.DAILY)
    name = serializers.CharField(max_length=80, required=False, allow_blank=True)
    results_url = serializers.CharField(read_only=True)

    class Meta:
        model = SavedSearch
        fields = [
            "id",
            "name",
            "q",
            "region",
            "district",
            "category",
            "salary_min",
            "education",
            "veteran_priority",
            "targeted",
            "welcomes_family",
            "fair",
            "sort",
            "frequency",
            "created_at",
            "last_alerted_at",
            "results_url",
        ]
        read_only_fields = ["created_at", "last_alerted_at"]

    def validate(self, attrs):
        region, district = attrs.pop("region", None), attrs.pop("district", None)
        if region and district and not district.code.startswith(region.code_prefix):
            raise serializers.ValidationError({"district": [_("This district is not in the chosen region.")]})
        attrs["region"] = district or region
        return attrs

    def to_representation(self, instance):
        data = super().to_representation(instance)
        region = instance.region
        if region is not None and region.level == Region.Level.DISTRICT:
            data["region"], data["district"] = region.parent.code, region.code
        else:
            data["district"] = None
        return data


class SavedSearchUpdateSerializer(serializers.Serializer):
    frequency = serializers.ChoiceField(choices=SavedSearch.Frequency.choices, required=False)
    name = serializers.CharField(max_length=80, required=False)


class SavedSearchViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet
):
    """The caller's saved searches. Create takes the search page's filters (region and district are codes, category
    a top-level occupation code); change takes `frequency` and `name` only (a different search is a new one)."""

    serializer_class = SavedSearchSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the OpenAPI schema, built without a user
            return SavedSearch.objects.none()
        return (
            SavedSearch.objects.filter(user=self.request.user)
            .select_related("region__parent__parent", "category", "fair")
            .order_by("-created_at", "-id")
        )

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return SavedSearchUpdateSerializer
        return SavedSearchSerializer

    def create(self, request, *args, **kwargs):
        data = SavedSearchSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        filters = dict(data.validated_data)
        frequency, name = filters.pop("frequency"), filters.pop("name", "")
        saved = services.saved_search_create(user=request.user, filters=filters, frequency=frequency, name=name)
        return Response(SavedSearchSerializer(saved).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        saved = self.get_object()
        data = SavedSearchUpdateSerializer(data=request.data, partial=kwargs.get("partial", False))
        data.is_valid(raise_exception=True)
        saved = services.saved_search_update(saved_search=saved, user=request.user, **data.validated_data)
        return Response(SavedSearchSerializer(saved).data)

    def perform_destroy(self, instance):
        services.saved_search_delete(saved_search=instance, user=self.request.user)
