"""The one refusal: ``AccessDenied`` means "you may not", whichever door asked.

Services raise it for authorization (not the founder, not staff, not a member of this bank); they raise
``ValidationError`` only for what the caller can put right (a field, a state, a missing profile). It is mapped once
per channel: pages answer 403, or 404 when ``hide=True`` (portal.middleware.AccessDeniedMiddleware); the API answers
403/404 JSON with the translated message as ``detail`` (portal.api.exceptions); the admin's action runner catches
``PermissionDenied``, of which this is a subclass, so Django and any code catching ``PermissionDenied`` keep working.

``hide=True`` is for objects whose existence is itself private: another party's enterprise, booking or application
answers exactly as an id that does not exist (the channels show their ordinary "not found", never the message, which is
for logs and tests), so a refusal never confirms that the object is there.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _


class AccessDenied(PermissionDenied):
    """You may not do this; with ``hide=True``, answered as if the object did not exist."""

    def __init__(self, message=None, *, hide: bool = False):
        self.hide = hide
        if message is None:
            message = _("Not found.") if hide else _("You do not have permission to do this.")
        self.message = message
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.message)
