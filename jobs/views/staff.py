"""Staff review of positions pending review (the admin offers the same as bulk actions)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jobs.forms import RejectForm
from jobs.models import Position
from jobs.services.positions import position_approve, position_reject
from jobs.views.common import error_messages, paginate
from portal.decorators import staff_required


@staff_required
def review_list(request):
    pending = (
        Position.objects.pending_review()
        .select_related("organization", "region", "category")
        .order_by("updated_at", "id")
    )
    return render(request, "jobs/staff/review.html", {"page": paginate(request, pending), "form": RejectForm()})


@require_POST
@staff_required
def review_position(request, pk, decision):
    position = get_object_or_404(Position, pk=pk)
    try:
        if decision == "approve":
            position_approve(position=position, staff=request.user, request=request)
            messages.success(request, _("Published: %(title)s") % {"title": position.title})
        else:
            form = RejectForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            position_reject(position=position, staff=request.user, reason=reason, request=request)
            messages.success(request, _("Returned to the employer: %(title)s") % {"title": position.title})
    except ValidationError as exc:
        for message in error_messages(exc):
            messages.error(request, message)
    return redirect("jobs:staff_review")
