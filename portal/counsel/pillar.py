"""What counselling and legal aid give the shell (the contract is in portal.pillars): the requester's and the
provider's pages in the workspace, and the staff queue of unassigned requests. Nothing else: these records are
the most sensitive in the portal, so they are in no dashboard, export or data download of other people."""

from django.utils.translation import gettext_lazy as _

from portal.counsel import workspace
from portal.pillars import Link, Pillar

PILLAR = Pillar(
    label="counsel",
    navigation=(),
    workspace=workspace.SECTIONS,
    dashboard=None,
    exports=(),
    staff_pages=(Link("counsel.queue", _("Counselling and legal aid"), "counsel:queue"),),
    acting_actions=(),
    personal_data_export=None,
    personal_data_erase=None,
    beat_schedule={},
)
