"""API views of matching: a veteran's recommended positions, an employer's best-matching veterans (masked)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.permissions import IsAuthenticated

from jobs.matching import selectors
from jobs.matching.permissions import employer_position_or_404, matchable_profile
from portal.exceptions import AccessDenied


class RecommendedPositionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="position.pk")
    title = serializers.CharField(source="position.title")
    organization = serializers.CharField(source="position.organization.name")
    region = serializers.CharField(source="position.region.full_name")
    category = serializers.CharField(source="position.category.name")
    salary_min = serializers.IntegerField(source="position.salary_min")
    salary_max = serializers.IntegerField(source="position.salary_max")
    veteran_priority = serializers.BooleanField(source="position.veteran_priority")
    score = serializers.IntegerField(source="match.score")
    parts = serializers.DictField(child=serializers.IntegerField(), source="match.parts")
    reasons = serializers.ListField(child=serializers.CharField(), source="match.reasons")
    url = serializers.SerializerMethodField()

    def get_url(self, obj) -> str:
        return f"/jobs/{obj['position'].pk}/"


class CandidateSerializer(serializers.Serializer):
    """A veteran who opted in to be found: masked name, never an ID number or contact details."""

    masked_name = serializers.CharField(source="profile.masked_name")
    region = serializers.CharField(source="profile.region.name", default="")
    education = serializers.CharField(source="profile.get_education_display")
    skills = serializers.ListField(child=serializers.CharField(), source="profile.skills")
    military_specialties = serializers.SerializerMethodField()
    score = serializers.IntegerField(source="match.score")
    reasons = serializers.ListField(child=serializers.CharField(), source="match.reasons")

    def get_military_specialties(self, obj) -> list[str]:
        return [s.name for s in obj["profile"].military_specialties.all()]


class RecommendedPositionList(generics.ListAPIView):
    """The signed-in veteran's best-matching open positions, best first, with scores and reasons."""

    serializer_class = RecommendedPositionSerializer
    permission_classes = [IsAuthenticated]
    filter_backends = []
    throttle_scope = "search"

    def get_queryset(self):
        profile = matchable_profile(self.request.user)
        if profile is None:
            raise AccessDenied(_("A verified veteran profile is needed for recommendations."))
        return [{"position": p, "match": m} for p, m in selectors.recommended_positions(profile, limit=100)]


class PositionCandidateList(generics.ListAPIView):
    """For an employer's own position: the best-matching veterans who allow employers to find them (masked)."""

    serializer_class = CandidateSerializer
    permission_classes = [IsAuthenticated]
    filter_backends = []
    throttle_scope = "search"

    @extend_schema(operation_id="recommendations_position_veterans")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        position = employer_position_or_404(self.request.user, self.kwargs["pk"])
        return [{"profile": v, "match": m} for v, m in selectors.candidates_for_position(position, limit=100)]
