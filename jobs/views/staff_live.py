"""Staff schedule a live-stream fair's presentations (which booth presents when) and switch the presenter."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jobs import live_room
from jobs.forms_live import PresentationSlotForm, PresenterForm
from jobs.models import JobFair, PresentationSlot
from jobs.services.live import presentation_slot_add, presentation_slot_remove
from portal.decorators import staff_required
from portal.form_errors import run_form


@staff_required
@require_http_methods(["GET", "POST"])
def staff_live_schedule(request, pk):
    fair = get_object_or_404(JobFair, pk=pk, kind=JobFair.Kind.LIVESTREAM)
    form = PresentationSlotForm(request.POST or None, fair=fair)
    if run_form(
        request, form, lambda data: presentation_slot_add(fair=fair, staff=request.user, request=request, **data)
    ):
        messages.success(request, _("The presentation has been scheduled."))
        return redirect("jobs:staff_live_schedule", pk=fair.pk)
    context = {
        "fair": fair,
        "form": form,
        "slots": live_room.schedule(fair),
        "presenter_form": PresenterForm(fair=fair, initial={"booth": fair.presenting_booth_id}),
    }
    return render(request, "jobs/staff/live_schedule.html", context, status=400 if form.errors else 200)


@staff_required
@require_POST
def staff_live_slot_remove(request, pk, slot_pk):
    slot = get_object_or_404(PresentationSlot, fair_id=pk, pk=slot_pk)
    presentation_slot_remove(slot=slot, staff=request.user, request=request)
    messages.success(request, _("The presentation has been removed from the schedule."))
    return redirect("jobs:staff_live_schedule", pk=pk)
