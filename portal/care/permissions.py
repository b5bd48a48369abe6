"""Who may work on care visits: the bureau's staff only. Veterans never see that they are visited subjects here
(the visits are the bureau's own records); every page and API call asks this module."""

from portal.permissions import is_bureau_staff


def can_manage_care(user) -> bool:
    return is_bureau_staff(user)
