"""Operators' pages for their bases: the list, creating and editing a base, its rooms and desks, the occupancy plan
and which residency holds which desk. Every write calls entrepreneurship.services.workstations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from entrepreneurship.forms_bases import BaseForm, DeskAllocateForm, RoomForm
from entrepreneurship.models import Desk, DeskAllocation, IncubatorBase
from entrepreneurship.permissions import can_manage_bases
from entrepreneurship.services import workstations
from entrepreneurship.views.common import call_service, form_page, posted_id, require, unknown_action
from portal.form_errors import run_button
from portal.permissions import is_bureau_staff


def _operated_bases(user):
    qs = IncubatorBase.objects.all() if is_bureau_staff(user) else IncubatorBase.objects.operated_by(user)
    return qs.select_related("operator", "region")


@login_required
def operator_bases(request):
    require(can_manage_bases(request.user))
    return render(request, "entrepreneurship/operator_bases.html", {"bases": _operated_bases(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def base_edit(request, pk=None):
    require(can_manage_bases(request.user))
    base = get_object_or_404(_operated_bases(request.user), pk=pk) if pk else None
    form = BaseForm(request.POST or None, instance=base, user=request.user)
    if request.method == "POST" and form.is_valid():
        operator = None if base else form.cleaned_data["operator"]
        saved = call_service(
            form, workstations.base_save, user=request.user, data=form.base_data(), base=base, operator=operator
        )
        if saved:
            messages.success(request, _("The base has been saved. Now lay out its rooms and desks."))
            return redirect("entrepreneurship:operator_base_plan", pk=saved.pk)
    title = _("Edit incubator base") if base else _("New incubator base")
    return form_page(request, form=form, title=title, submit=_("Save"))


@login_required
def base_plan(request, pk):
    base = get_object_or_404(_operated_bases(request.user), pk=pk)
    residencies = base.residencies.active().select_related("enterprise").prefetch_related("desk_allocations__desk")
    for residency in residencies:
        residency.current_desks = [a for a in residency.desk_allocations.all() if a.released_at is None]
        residency.allocate_form = DeskAllocateForm(base=base, free_only=True, auto_id=f"r{residency.pk}_%s")
    context = {
        "base": base,
        "plan": workstations.occupancy_plan(base),
        "room_form": RoomForm(),
        "residencies": residencies,
    }
    return render(request, "entrepreneurship/operator_base_plan.html", context)


def _room(request, base):
    form = RoomForm(request.POST)
    if not form.is_valid():
        raise ValidationError([e for errors in form.errors.values() for e in errors])
    room = get_object_or_404(base.room_set, pk=posted_id(request, "room")) if request.POST.get("room") else None
    workstations.room_save(user=request.user, base=base, room=room, **form.cleaned_data)


def _desk(request, base):
    desk = get_object_or_404(Desk.objects.filter(room__base=base).select_related("room"), pk=posted_id(request, "desk"))
    workstations.desk_set_in_service(user=request.user, desk=desk, in_service=request.POST.get("in_service") == "1")


def _allocate(request, base):
    residency = get_object_or_404(base.residencies.all(), pk=posted_id(request, "residency"))
    form = DeskAllocateForm(request.POST, base=base)
    if not form.is_valid():
        raise ValidationError([e for errors in form.errors.values() for e in errors])
    workstations.desks_allocate(user=request.user, residency=residency, desks=list(form.cleaned_data["desks"]))


def _release(request, base):
    allocation = get_object_or_404(
        DeskAllocation.objects.filter(desk__room__base=base).select_related("desk__room"),
        pk=posted_id(request, "allocation"),
    )
    workstations.desk_release(user=request.user, allocation=allocation)


BASE_ACTIONS = {"room": _room, "desk": _desk, "allocate": _allocate, "release": _release}


@login_required
@require_POST
def base_action(request, pk, action):
    base = get_object_or_404(_operated_bases(request.user), pk=pk)
    if action not in BASE_ACTIONS:
        return unknown_action(request)
    run_button(request, lambda: BASE_ACTIONS[action](request, base), done=_("Saved."), denied_as_message=True)
    return redirect("entrepreneurship:operator_base_plan", pk=pk)
