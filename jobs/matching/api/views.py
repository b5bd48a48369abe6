"""API views of matching: a veteran's recommended positions, an employer's best-matching veterans (masked)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.permissions import IsAuthenticated

from jobs.matching import stored
from jobs.matching.api.serializers import CandidateSerializer, RecommendedPositionSerializer
from jobs.matching.permissions import employer_position_or_404, matchable_profile
from portal.exceptions import AccessDenied


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
        return [{"position": p, "match": m} for p, m in stored.recommended_positions(profile, limit=100)]


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
        return [{"profile": v, "match": m} for v, m in stored.candidates_for_position(position, limit=100)]
