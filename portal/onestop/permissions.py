"""Who may see a one-stop application: the veteran it is for, and the bureau's staff."""

from portal.permissions import is_bureau_staff


def can_view_bundle(user, bundle) -> bool:
    return user.is_authenticated and (bundle.veteran_id == user.pk or is_bureau_staff(user))
