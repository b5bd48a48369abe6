"""Who may see what in matching."""

from django.shortcuts import get_object_or_404

from jobs.models import Position
from portal.models import VeteranProfile
from portal.permissions import is_bureau_staff, member_organizations


def employer_position_or_404(user, pk: int) -> Position:
    """A position of one of the user's verified employer organizations (or any, for bureau staff); else 404."""
    qs = Position.objects.select_related("organization", "region", "category")
    if not is_bureau_staff(user):
        qs = qs.filter(organization__in=member_organizations(user, org_type="employer"))
    return get_object_or_404(qs, pk=pk)


def matchable_profile(user):
    """The user's veteran profile if it can be matched (verified), else None."""
    if not user.is_authenticated:
        return None
    return VeteranProfile.objects.verified().select_related("region").filter(user=user).first()
