"""Switching elder mode (适老化) on and off: the header's toggle posts here (a form, enhanced by static/js/portal.js).

A visitor's choice touches only their own cookie, so, like the language switch, it needs no CSRF token (public
pages stay cacheable whole); a signed-in person's is also saved on the account, and that write is CSRF-checked."""

from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from portal import elder
from portal.services.preferences import user_elder_mode_set


def _answer(request, on: bool):
    wanted = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(wanted, {request.get_host()}, require_https=request.is_secure())
    background = request.headers.get("X-Requested-With") == "fetch"
    response = HttpResponse(status=204) if background else redirect(wanted if safe else "portal:home")
    elder.remember(response, on)
    return response


@csrf_protect
def _for_account(request, on: bool):
    user_elder_mode_set(user=request.user, on=on)
    return _answer(request, on)


@csrf_exempt
@require_POST
def elder_mode(request):
    on = request.POST.get("on") == "1"
    if request.user.is_authenticated:
        return _for_account(request, on)
    return _answer(request, on)
