"""Care visits in the staff workbench (portal.pillars.WorkspaceSection): overdue visits and the follow-up tasks
assigned to the signed-in staff member."""

from django.utils.translation import gettext_lazy as _

from portal.care import selectors
from portal.models import Role
from portal.permissions import is_bureau_staff
from portal.pillars import Link, Tally, WorkspaceSection, queue_count

SECTIONS = (
    WorkspaceSection(
        key="care.staff",
        role=Role.STAFF,
        title=_("Care visits"),
        allowed=is_bureau_staff,
        tallies=(
            Tally("care.overdue", _("Overdue visits"), queue_count(selectors.overdue_visits), "care:overview"),
            Tally(
                "care.my_tasks",
                _("Follow-up tasks assigned to me"),
                lambda user: selectors.open_tasks(assigned_to=user).count(),
                "care:tasks",
            ),
        ),
        links=(
            Link("care.overview", _("Care visits"), "care:overview"),
            Link("care.calendar", _("Visit calendar"), "care:calendar"),
            Link("care.subjects", _("People visited regularly"), "care:subjects"),
        ),
    ),
)
