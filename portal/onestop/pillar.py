"""What the one-stop application (退役一件事) gives the shell (the contract is in portal.pillars): the veteran's
workspace link, the staff counter page and the 代办 action."""

from django.utils.translation import gettext_lazy as _

from portal.onestop import workspace
from portal.pillars import Link, Pillar

PILLAR = Pillar(
    label="onestop",
    navigation=(),
    workspace=workspace.SECTIONS,
    dashboard=None,
    exports=(),
    staff_pages=(Link("onestop.counter", _("One-stop applications"), "onestop:counter"),),
    acting_actions=(Link("onestop.file", _("File a one-stop application"), "onestop:staff_act"),),
    personal_data_export=None,
    personal_data_erase=None,
    beat_schedule={},
)
