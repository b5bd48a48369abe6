"""The one-stop application (退役一件事) in the workspaces (portal.pillars.WorkspaceSection): the veteran's
applications, and at the staff counter the parts that could not be filed and wait for a person."""

from django.utils.translation import gettext_lazy as _

from portal.models import Role
from portal.onestop.models import BundlePart, OneStopBundle
from portal.permissions import is_bureau_staff
from portal.pillars import Link, Tally, WorkspaceSection


def my_bundles(user) -> int:
    return OneStopBundle.objects.filter(veteran=user).count()


def failed_parts(user) -> int:
    return BundlePart.objects.filter(state=BundlePart.State.FAILED).count()


SECTIONS = (
    WorkspaceSection(
        key="onestop.veteran",
        role=Role.VETERAN,
        title=_("One-stop application after discharge"),
        tallies=(Tally("onestop.mine", _("My one-stop applications"), my_bundles, "onestop:start"),),
        links=(Link("onestop.apply", _("One-stop application after discharge"), "onestop:start"),),
    ),
    WorkspaceSection(
        key="onestop.staff",
        role=Role.STAFF,
        title=_("One-stop applications"),
        allowed=is_bureau_staff,
        tallies=(Tally("onestop.failed", _("Parts that could not be filed"), failed_parts, "onestop:counter"),),
        links=(
            Link("onestop.counter", _("One-stop applications"), "onestop:counter"),
            Link("onestop.file", _("File a one-stop application"), "onestop:staff_act"),
        ),
    ),
)
