"""View decorators shared by the shell and the pillar apps."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from portal.permissions import is_bureau_staff


def staff_required(view):
    """Bureau staff only: a visitor is sent to sign in, anyone else signed in gets 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_bureau_staff(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
