"""Who may do what in the jobs app. Views, the API and the admin all ask these predicates."""

from django.db.models import Q

from jobs.models import Application, Booth, Interview, JobFair, Position
from portal.models import Organization
from portal.permissions import is_bureau_staff, is_job_seeker, member_organizations


def employer_organizations(user):
    """Verified employer organizations the user is a member of."""
    return member_organizations(user, org_type=Organization.Type.EMPLOYER)


def is_employer_member(user) -> bool:
    return bool(user.is_authenticated and employer_organizations(user).exists())


def can_manage_position(user, position: Position) -> bool:
    return bool(user.is_authenticated and employer_organizations(user).filter(pk=position.organization_id).exists())


def can_view_position(user, position: Position) -> bool:
    """Published, closed and expired positions are public; drafts and those under review only their employer's
    members and bureau staff see (others get 404)."""
    public = (Position.Status.PUBLISHED, Position.Status.CLOSED, Position.Status.EXPIRED)
    return position.status in public or can_manage_position(user, position) or is_bureau_staff(user)


def can_apply(user) -> bool:
    """Veterans, and family members (the application service refuses those whose link is not verified yet)."""
    return is_job_seeker(user)


def can_save_searches(user) -> bool:
    """Saved searches and their alerts are for the people who may apply."""
    return can_apply(user)


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


# --- interviews, booth queues, messages ---------------------------------------------------------------------------


def can_schedule_interview(user, application: Application) -> bool:
    """Members of the employer owning the position propose, reschedule, cancel and record interviews."""
    return can_manage_position(user, application.position)


def is_applicant(user, application: Application) -> bool:
    return bool(user.is_authenticated and application.veteran_id == user.pk)


def interview_parties(user):
    """Interviews the user is party to: their own applications' and their employer organizations'."""
    if not user.is_authenticated:
        return Interview.objects.none()
    return Interview.objects.filter(
        Q(application__veteran=user) | Q(application__position__organization__in=employer_organizations(user))
    )


def can_run_queue(user, booth: Booth) -> bool:
    """A booth's members (and the bureau staff running fairs) see its queue and call, finish or skip numbers."""
    return booth.status == Booth.Status.APPROVED and (is_bureau_staff(user) or can_manage_booth(user, booth))


def is_thread_party(user, application: Application) -> bool:
    """The applicant and the members of the employer owning the position write in the application's thread."""
    return is_applicant(user, application) or can_manage_position(user, application.position)


def staff_may_read_thread(user, application: Application, thread) -> bool:
    """Bureau staff read a thread only once a complaint is filed on it, and only staff of the organizer of the fair
    the application was made at, or staff given the explicit permission for any complained thread."""
    if not (is_bureau_staff(user) and thread.has_complaint()):
        return False
    if user.has_perm("jobs.read_complained_thread"):
        return True
    fair = application.fair
    return bool(fair and fair.organizer_org_id and user.memberships.filter(organization=fair.organizer_org_id).exists())


def threads_of(user):
    """Applications whose thread the user may write in (the list pages count unread messages over these)."""
    if not user.is_authenticated:
        return Application.objects.none()
    return Application.objects.filter(Q(veteran=user) | Q(position__organization__in=employer_organizations(user)))


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
