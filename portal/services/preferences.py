"""The account's display preferences."""

from django.db import transaction


@transaction.atomic
def user_elder_mode_set(*, user, on: bool) -> None:
    """Remember elder mode (适老化) on the account, so it follows the person to every browser they sign in on."""
    if user.elder_mode != on:
        user.elder_mode = on
        user.save(update_fields=["elder_mode"])
