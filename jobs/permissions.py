"""Who may do what in the jobs app. Views, the API and the admin all ask these predicates."""

from django.db.models import Q

from jobs.models import Application, Booth, JobFair, Position
from portal.models import Organization
from portal.permissions import is_bureau_staff, is_family_member, is_veteran, member_organizations


def employer_organizations(user):
    """Verified employer organizations the user is a member of."""
    return member_organizations(user, org_type=Organization.Type.EMPLOYER)


def is_employer_member(user) -> bool:
    return bool(user.is_authenticated and employer_organizations(user).exists())


def can_manage_position(user, position: Position) -> bool:
    return bool(user.is_authenticated and employer_organizations(user).filter(pk=position.organization_id).exists())


def can_apply(user) -> bool:
    """Veterans, and family members (the application service refuses those whose link is not verified yet)."""
    return is_veteran(user) or is_family_member(user)


def managed_positions(user):
    """Positions of the user's employer organizations (any state)."""
    return Position.objects.filter(organization__in=employer_organizations(user))


def managed_applications(user):
    """Applications the user may see and move: to positions of their organizations; staff see all."""
    if is_bureau_staff(user):
        return Application.objects.all()
    return Application.objects.filter(position__organization__in=employer_organizations(user))


def visible_applications(user):
    """A veteran's own applications plus those an employer/staff manages."""
    if not user.is_authenticated:
        return Application.objects.none()
    if is_bureau_staff(user):
        return Application.objects.all()
    return Application.objects.filter(Q(veteran=user) | Q(position__organization__in=employer_organizations(user)))


def can_check_in_at(user, fair: JobFair) -> bool:
    """Staff, or a member of an employer holding an approved booth at the fair."""
    if is_bureau_staff(user):
        return True
    return Booth.objects.filter(
        fair=fair, status=Booth.Status.APPROVED, organization__in=employer_organizations(user)
    ).exists()


def can_manage_booth(user, booth: Booth) -> bool:
    return bool(user.is_authenticated and employer_organizations(user).filter(pk=booth.organization_id).exists())


def can_switch_presenter(user, fair: JobFair, booth: Booth | None = None) -> bool:
    """Who may change who presents in a live-stream room: bureau staff (they run the fair), the members of the
    booth presenting now (to hand over or end), and the members of `booth` when its scheduled slot is on now (to
    take their turn)."""
    if not user.is_authenticated:
        return False
    if is_bureau_staff(user):
        return True
    own = employer_organizations(user)
    if fair.presenting_booth_id and own.filter(booths__pk=fair.presenting_booth_id).exists():
        return True
    if booth is None or not own.filter(pk=booth.organization_id).exists():
        return False
    from django.utils import timezone

    now = timezone.now()
    return booth.presentation_slots.filter(fair=fair, starts_at__lte=now, ends_at__gt=now).exists()
