"""How a person is named to other people, in one place: pages, exports and messages all ask `display_name`.

Once an account is deleted (portal.services.accounts.user_erase) the person's name is gone, but the rows that
statistics count (applications, enrolments, bookings, card uses, loans) still point at the anonymized user: every
page that lists them shows DELETED_USER ("已注销用户") instead of a name, an empty cell or the internal
"erased-…" user name."""

from django.utils.translation import gettext_lazy as _

from portal import crypto

DELETED_USER = _("Deleted user")


def is_erased(user) -> bool:
    return user is not None and user.anonymized_at is not None


def display_name(user, *, name: str | None = None, unmask: bool = False) -> str:
    """The person's name as others see it: masked (张**) unless `unmask`, DELETED_USER once erased.

    `name` is the name to show when known (a card's holder name, an application's snapshot); otherwise the user's
    veteran or family profile, then the account's full name or user name."""
    if user is None:
        return crypto.mask_name(name or "") if not unmask else (name or "")
    if is_erased(user):
        return str(DELETED_USER)
    if not name:
        profile = getattr(user, "veteran_profile", None) or getattr(user, "family_profile", None)
        name = (profile.real_name if profile is not None else "") or user.get_full_name() or user.username
    return name if unmask else crypto.mask_name(name)
