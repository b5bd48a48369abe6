"""Matching's workspace sections (portal.pillars.WorkspaceSection): positions recommended to the job seeker, and
the staff's weekly picks with this week's count. Employers reach their candidates from each position."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobs.matching.models import WeeklyPick
from portal.models import Role
from portal.permissions import is_bureau_staff
from portal.pillars import Link, Tally, WorkspaceSection


def picks_this_week(user) -> int:
    return WeeklyPick.objects.for_week(timezone.localdate()).count()


SECTIONS = (
    WorkspaceSection(
        key="jobs_matching.recommended",
        role=Role.VETERAN,
        title=_("Recommended for me"),
        links=(Link("jobs_matching.recommended", _("Positions recommended for me"), "jobs:recommended"),),
    ),
    WorkspaceSection(
        key="jobs_matching.picks",
        role=Role.STAFF,
        title=_("Weekly picks"),
        allowed=is_bureau_staff,
        tallies=(
            Tally(
                "jobs_matching.picks_week", _("Positions picked this week"), picks_this_week, "jobs:staff_weekly_picks"
            ),
        ),
        links=(Link("jobs_matching.picks", _("Weekly picks"), "jobs:staff_weekly_picks"),),
    ),
)
