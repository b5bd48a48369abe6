"""The live-stream fair room: the page (stream, presenter, positions, schedule), the JSON state it polls, the
viewer heartbeat, one-tap apply and the presenter switch. Behaviour lives in static/js/live-room.js (no inline
script under the CSP); without JavaScript the forms still post and come back to the room."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from jobs import live_room
from jobs.forms_live import LiveApplyForm, PresenterForm, approved_booths
from jobs.models import Booth, JobFair, Position
from jobs.permissions import can_switch_presenter
from jobs.services.applications import application_submit
from jobs.services.live import fair_presenter_set, live_viewer_heartbeat
from jobs.views.common import error_messages
from portal.models import Consent


def _live_fair(pk) -> JobFair:
    fair = get_object_or_404(JobFair.objects.published().select_related("region"), pk=pk)
    if not fair.has_live_room():
        raise Http404
    return fair


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _answer(request, fair, *, ok: bool, message: str, status: int = 200):
    """JSON for the room's script, or a message and back to the room for a plain form post."""
    if _wants_json(request):
        return JsonResponse({"ok": ok, "message": message}, status=status)
    (messages.success if ok else messages.error)(request, message)
    return redirect("jobs:fair_live", pk=fair.pk)


@never_cache
def fair_live(request, pk):
    fair = _live_fair(pk)
    stream = live_room.playable_stream(fair)
    switchable = [b for b in approved_booths(fair) if can_switch_presenter(request.user, fair, b)]
    context = {
        "fair": fair,
        "state": live_room.room_state(fair, request.user),
        "schedule": live_room.schedule(fair),
        "stream": stream,
        "viewer_id": uuid.uuid4().hex,
        "presenter_form": PresenterForm(fair=fair) if switchable else None,
        "switchable": switchable,
    }
    response = render(request, "jobs/fairs/live.html", context)
    origin = live_room.stream_origin(stream)
    if origin:  # the player fetches the playlist and segments from the organiser's server
        response._csp_update = {"connect-src": [origin], "media-src": [origin]}
    return response


@never_cache
@require_GET
def fair_live_state(request, pk):
    fair = _live_fair(pk)
    return JsonResponse(live_room.room_state(fair, request.user))


@require_POST
def fair_live_heartbeat(request, pk):
    fair = _live_fair(pk)
    try:
        viewers = live_viewer_heartbeat(fair_id=fair.pk, viewer=request.POST.get("viewer", ""))
    except ValidationError as exc:
        return JsonResponse({"ok": False, "message": " ".join(error_messages(exc))}, status=400)
    return JsonResponse({"ok": True, "viewers": viewers})


@login_required
@require_POST
def fair_live_apply(request, pk):
    fair = _live_fair(pk)
    form = LiveApplyForm(request.POST)
    if not form.is_valid():
        return _answer(request, fair, ok=False, message=_("Choose a position of the presenting booth."), status=400)
    booth = Booth.objects.filter(fair=fair, pk=form.cleaned_data["booth"], status=Booth.Status.APPROVED).first()
    position = Position.objects.filter(pk=form.cleaned_data["position"]).first()
    if booth is None or position is None:
        return _answer(request, fair, ok=False, message=_("This position is not presented by that booth."), status=400)
    try:
        application_submit(
            position=position,
            veteran=request.user,
            share_consent=form.cleaned_data["share_consent"],
            channel=Consent.Channel.WEB,
            note=form.cleaned_data["note"],
            booth=booth,
        )
    except ValidationError as exc:
        return _answer(request, fair, ok=False, message=" ".join(error_messages(exc)), status=400)
    return _answer(request, fair, ok=True, message=_("Your application has been sent."))


@login_required
@require_POST
def fair_live_presenter(request, pk):
    fair = _live_fair(pk)
    form = PresenterForm(request.POST, fair=fair)
    if not form.is_valid():
        return _answer(request, fair, ok=False, message=_("Choose an approved booth of this fair."), status=400)
    # AccessDenied (not staff, not the presenter) is answered 403 by the middleware, like every refusal.
    try:
        fair_presenter_set(fair=fair, booth=form.cleaned_data["booth"], actor=request.user, request=request)
    except ValidationError as exc:
        return _answer(request, fair, ok=False, message=" ".join(error_messages(exc)), status=400)
    return _answer(request, fair, ok=True, message=_("The presenter has been switched."))
