"""Output serializers of the matching API: a recommended position with its score and reasons, a masked candidate."""

from rest_framework import serializers


class RecommendedPositionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="position.pk")
    title = serializers.CharField(source="position.title")
    organization = serializers.CharField(source="position.organization.name")
    region = serializers.CharField(source="position.region.full_name")
    category = serializers.CharField(source="position.category.label")
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
    region = serializers.CharField(source="profile.region.label", default="")
    education = serializers.CharField(source="profile.get_education_display")
    skills = serializers.ListField(child=serializers.CharField(), source="profile.skills")
    military_specialties = serializers.SerializerMethodField()
    score = serializers.IntegerField(source="match.score")
    reasons = serializers.ListField(child=serializers.CharField(), source="match.reasons")

    def get_military_specialties(self, obj) -> list[str]:
        return [s.name for s in obj["profile"].military_specialties.all()]
