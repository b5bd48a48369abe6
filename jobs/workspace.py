"""The jobs app's workspace sections (portal.pillars.WorkspaceSection) and the selectors counting their items: the
job seeker's applications and fair registrations, the employer's positions by state, applicants, interviews and
booths, and the staff queues of positions and booths to review."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobs.models import Application, Booth, FairRegistration, Position
from jobs.permissions import employer_organizations, is_employer_member, managed_applications, managed_positions
from portal.models import Role
from portal.permissions import is_bureau_staff
from portal.pillars import Link, Tally, WorkspaceSection

OPEN_APPLICATION = (
    Application.Status.SUBMITTED,
    Application.Status.VIEWED,
    Application.Status.INTERVIEW,
    Application.Status.INTENT,
)


def open_applications(user) -> int:
    """The person's applications still in progress."""
    return Application.objects.filter(veteran=user, status__in=OPEN_APPLICATION).count()


def upcoming_fair_registrations(user) -> int:
    return FairRegistration.objects.filter(user=user, fair__ends_at__gte=timezone.now()).count()


def positions_in(status: str):
    return lambda user: managed_positions(user).filter(status=status).count()


def applications_in(status: str):
    def count(user) -> int:
        if not is_employer_member(user):
            return 0
        return managed_applications(user).filter(status=status).count()

    return count


def current_booths(user) -> int:
    """The employer's booths at fairs that have not ended, applied for or approved."""
    return (
        Booth.objects.filter(organization__in=employer_organizations(user), fair__ends_at__gte=timezone.now())
        .exclude(status=Booth.Status.REJECTED)
        .count()
    )


def positions_to_review(user) -> int:
    return Position.objects.filter(status=Position.Status.PENDING).count()


def booths_to_review(user) -> int:
    return Booth.objects.filter(status=Booth.Status.PENDING, fair__ends_at__gte=timezone.now()).count()


SECTIONS = (
    WorkspaceSection(
        key="jobs.seeker",
        role=Role.VETERAN,
        title=_("Jobs and job fairs"),
        tallies=(
            Tally("jobs.open_applications", _("Applications in progress"), open_applications, "portal:my_applications"),
            Tally(
                "jobs.fair_registrations", _("Job fairs I registered for"), upcoming_fair_registrations, "jobs:my_fairs"
            ),
        ),
        links=(
            Link("jobs.index", _("Find a job"), "jobs:index", main=True),
            Link("jobs.applications", _("My job applications"), "portal:my_applications", main=True),
            Link("jobs.fairs", _("Job fairs"), "jobs:fair_list"),
            Link("jobs.my_fairs", _("My job fairs"), "jobs:my_fairs"),
            Link("jobs.interviews", _("My interviews"), "jobs:my_interviews"),
            Link("jobs.saved_searches", _("My saved searches and job alerts"), "jobs:saved_searches"),
        ),
    ),
    WorkspaceSection(
        key="jobs.employer",
        role=Role.EMPLOYER,
        title=_("Positions and applicants"),
        allowed=is_employer_member,
        tallies=(
            Tally(
                "jobs.new_applicants",
                _("New applicants"),
                applications_in(Application.Status.SUBMITTED),
                "jobs:employer",
                query="status=submitted",
            ),
            Tally(
                "jobs.interviews",
                _("Interviews"),
                applications_in(Application.Status.INTERVIEW),
                "jobs:employer",
                query="status=interview",
            ),
            Tally("jobs.published", _("Published positions"), positions_in(Position.Status.PUBLISHED), "jobs:employer"),
            Tally(
                "jobs.pending", _("Positions awaiting review"), positions_in(Position.Status.PENDING), "jobs:employer"
            ),
            Tally("jobs.drafts", _("Draft positions"), positions_in(Position.Status.DRAFT), "jobs:employer"),
            Tally("jobs.booths", _("Booths at coming job fairs"), current_booths, "jobs:fair_list"),
        ),
        links=(
            Link("jobs.employer", _("Employer area: positions and applicants"), "jobs:employer", main=True),
            Link("jobs.position_new", _("Post a position"), "jobs:employer_position_new", main=True),
            Link("jobs.fairs_booths", _("Job fairs: take a booth"), "jobs:fair_list", main=True),
            Link("jobs.employer_interviews", _("Interviews with applicants"), "jobs:employer_interviews"),
        ),
    ),
    WorkspaceSection(
        key="jobs.staff",
        role=Role.STAFF,
        title=_("Jobs and job fairs"),
        allowed=is_bureau_staff,
        tallies=(
            Tally("jobs.review", _("Positions awaiting review"), positions_to_review, "jobs:staff_review"),
            Tally("jobs.booth_review", _("Booth applications to decide"), booths_to_review, "jobs:staff_fairs"),
        ),
        links=(
            Link("jobs.review", _("Positions awaiting review"), "jobs:staff_review", main=True),
            Link("jobs.staff_fairs", _("Job fairs"), "jobs:staff_fairs"),
        ),
    ),
)
