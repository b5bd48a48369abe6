"""Access predicates of the staff workbench (the shell's own are in portal/permissions.py)."""

from portal.permissions import can_see_full_id_number, is_bureau_staff
from portal.staff.exports import registered_exports


def can_download_export(user, job) -> bool:
    """A background export's file goes only to the staff member who asked for it, while they are still staff, still
    hold the export's permission and, for a file with full ID numbers, still may unmask. Anyone else gets 404."""
    if not (is_bureau_staff(user) and job.requested_by_id == user.pk):
        return False
    definition = registered_exports().get(job.export_key)
    if definition is None or not definition.allowed(user):
        return False
    return not job.unmasked or can_see_full_id_number(user)
