"""API of the duplicate-applicant check for staff who may change accounts (the page is
portal.staff.views.duplicates): the likely pairs with why they look alike, merging two accounts of one person
(portal.services.person_merge.person_merge) and marking a pair as two different people (duplicate_dismiss). Names
are masked as on the page; anyone without the right gets 403."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import permissions, serializers, views, viewsets
from rest_framework.response import Response

from portal.models import User
from portal.permissions import can_merge_people
from portal.services.person_merge import duplicate_dismiss, person_merge
from portal.staff.duplicates import likely_duplicates


class CanMergePeople(permissions.BasePermission):
    message = gettext_lazy("Only bureau staff who may change accounts can merge them.")

    def has_permission(self, request, view):
        return can_merge_people(request.user)


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.SerializerMethodField()
    kind = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        profile = getattr(user, "veteran_profile", None) or getattr(user, "family_profile", None)
        return profile.masked_name if profile else user.display_name

    def get_kind(self, user) -> str:
        if getattr(user, "veteran_profile", None):
            return "veteran"
        return "family" if getattr(user, "family_profile", None) else "none"


class PairSerializer(serializers.Serializer):
    first = PersonSerializer()
    second = PersonSerializer()
    reasons = serializers.ListField(child=serializers.CharField(), help_text="id_number, phone, name_birth")
    reason_labels = serializers.ListField(child=serializers.CharField())


class MergeSerializer(serializers.Serializer):
    survivor = serializers.IntegerField(help_text="The account to keep.")
    absorbed = serializers.IntegerField(help_text="The account whose records move and which is deactivated.")
    reason = serializers.CharField(max_length=300)


class DismissSerializer(serializers.Serializer):
    first = serializers.IntegerField()
    second = serializers.IntegerField()
    reason = serializers.CharField(max_length=300)


def _person(pk: int) -> User:
    people = User.objects.filter(is_active=True, is_staff=False, is_superuser=False)
    return get_object_or_404(people.select_related("veteran_profile", "family_profile"), pk=pk)


class DuplicateListView(views.APIView):
    """Pairs of active person accounts that look like one person, the most reasons first (at most 200)."""

    permission_classes = [CanMergePeople]

    @extend_schema(responses=PairSerializer(many=True))
    def get(self, request):
        return Response(PairSerializer(likely_duplicates(), many=True).data)


class DuplicateDecisionViewSet(viewsets.ViewSet):
    """A staff decision on a likely pair: merge the two accounts (POST merge/) or mark them as two different people
    (POST dismiss/). Both read a body naming two active person accounts and a reason."""

    permission_classes = [CanMergePeople]

    def _decision(self, request, body_class, *roles) -> tuple[list[User], str]:
        body = body_class(data=request.data)
        body.is_valid(raise_exception=True)
        return [_person(body.validated_data[role]) for role in roles], body.validated_data["reason"]

    @extend_schema(
        request=MergeSerializer,
        responses=inline_serializer("MergeReport", {"moved": serializers.DictField(), "kept": serializers.ListField()}),
    )
    def merge(self, request):
        """Merge the absorbed account into the survivor (its records move; it is deactivated)."""
        (survivor, absorbed), reason = self._decision(request, MergeSerializer, "survivor", "absorbed")
        report = person_merge(survivor=survivor, absorbed=absorbed, staff=request.user, reason=reason, request=request)
        return Response(report)

    @extend_schema(
        request=DismissSerializer,
        responses=inline_serializer(
            "DuplicateDismissal", {"first": serializers.IntegerField(), "second": serializers.IntegerField()}
        ),
    )
    def dismiss(self, request):
        """Mark the pair as two different people: it is no longer listed."""
        (first, second), reason = self._decision(request, DismissSerializer, "first", "second")
        dismissal = duplicate_dismiss(first=first, second=second, staff=request.user, reason=reason, request=request)
        return Response({"first": dismissal.first_id, "second": dismissal.second_id})
