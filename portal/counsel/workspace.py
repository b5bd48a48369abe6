"""Counselling and legal aid in the workspaces (portal.pillars.WorkspaceSection): the requester's requests, the
provider's cases (counsellors and lawyers hold no role group: their Provider record lets them in), and the staff
queue of unassigned requests. Counts only: these records' content never appears outside their own pages."""

from django.utils.translation import gettext_lazy as _

from portal.counsel import selectors
from portal.counsel.models import CounselRequest
from portal.counsel.permissions import provider_of
from portal.models import Role
from portal.permissions import is_bureau_staff
from portal.pillars import Link, Tally, WorkspaceSection


def my_open_requests(user) -> int:
    return selectors.my_requests(user).exclude(status=CounselRequest.Status.CLOSED).count()


def is_provider(user) -> bool:
    return provider_of(user) is not None


def provider_open_cases(user) -> int:
    provider = provider_of(user)
    if provider is None:
        return 0
    return selectors.provider_cases(provider).exclude(status=CounselRequest.Status.CLOSED).count()


def unassigned(user) -> int:
    return selectors.unassigned_queue().count()


SECTIONS = (
    WorkspaceSection(
        key="counsel.requester",
        role=Role.VETERAN,
        title=_("Counselling and legal aid"),
        tallies=(Tally("counsel.open", _("My requests in progress"), my_open_requests, "counsel:mine"),),
        links=(
            Link("counsel.mine", _("Counselling and legal aid"), "counsel:mine"),
            Link("counsel.new", _("Ask for counselling or legal aid"), "counsel:new"),
        ),
    ),
    WorkspaceSection(
        key="counsel.provider",
        role=Role.VETERAN,
        title=_("My counselling cases (counsellors and lawyers)"),
        allowed=is_provider,
        tallies=(Tally("counsel.cases", _("Open cases"), provider_open_cases, "counsel:provider"),),
        links=(Link("counsel.provider", _("My counselling cases (counsellors and lawyers)"), "counsel:provider"),),
    ),
    WorkspaceSection(
        key="counsel.staff",
        role=Role.STAFF,
        title=_("Counselling and legal aid"),
        allowed=is_bureau_staff,
        tallies=(Tally("counsel.unassigned", _("Requests to assign"), unassigned, "counsel:queue"),),
        links=(Link("counsel.queue", _("Counselling and legal aid"), "counsel:queue"),),
    ),
)
