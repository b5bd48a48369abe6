"""Acting for a veteran at the counter (代办): the session context and the things staff can do.

How a pillar app adds an action (e.g. jobs "register for a fair"):

1. In its `<app>/pillar.py` (the contract is in portal.pillars), list it in `acting_actions`:

       Link("jobs.fair_register", _("Register for a job fair"), "jobs:staff_act_fair_register")

   The URL name must resolve without arguments; it is shown on the acting-for page as a button.
2. The view behind that URL is decorated with `@acting_required`; it reads the veteran from `request.acting_for`
   (a User with a `veteran_profile`), calls the app's own service *as that veteran* (e.g.
   `fair_register(fair=fair, veteran=request.acting_for.veteran_profile)`), then records the act:

       from portal.staff.services import acting_record
       acting_record(request=request, veteran_user=request.acting_for, action="jobs.fair_register", target=fair)

   The veteran sees it in "Actions taken on your behalf" on /me/ (AuditLog entries with on_behalf_of=them).
"""

from functools import wraps

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from portal.models import User
from portal.permissions import is_bureau_staff
from portal.pillars import Link, pillars
from portal.staff.services import ACTING_SESSION_KEY


def registered_actions() -> list[Link]:
    """Every pillar's 代办 actions, the shell's own first."""
    return [action for pillar in pillars() for action in pillar.acting_actions]


def acting_for(request) -> User | None:
    """The veteran this staff member is acting for in this session, or None."""
    user_id = request.session.get(ACTING_SESSION_KEY)
    if not user_id or not is_bureau_staff(request.user):
        return None
    return User.objects.filter(pk=user_id, veteran_profile__isnull=False).select_related("veteran_profile").first()


def acting_required(view):
    """For views that act for a veteran: bureau staff only (403 otherwise), with an acting-for context set."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        from django.contrib.auth.views import redirect_to_login
        from django.core.exceptions import PermissionDenied

        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_bureau_staff(request.user):
            raise PermissionDenied
        veteran_user = acting_for(request)
        if veteran_user is None:
            messages.info(request, _("First choose the veteran you are acting for."))
            return redirect("portal:staff_act_search")
        request.acting_for = veteran_user
        return view(request, *args, **kwargs)

    return wrapper
