"""The staff's spot-check queue: positions trusted employers published without review, drawn for a check."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jobs.models import PositionSpotCheck
from jobs.services.spot_checks import spot_check_pass, spot_check_take_down
from jobs.views.common import error_messages, paginate
from portal.decorators import staff_required


@staff_required
def spot_check_list(request):
    waiting = (
        PositionSpotCheck.objects.waiting()
        .select_related("position__organization", "position__region", "position__category")
        .order_by("created_at", "id")
    )
    return render(request, "jobs/staff/spot_checks.html", {"page": paginate(request, waiting)})


@require_POST
@staff_required
def spot_check_decide(request, pk, decision):
    check = get_object_or_404(PositionSpotCheck.objects.select_related("position"), pk=pk)
    try:
        if decision == "pass":
            spot_check_pass(check=check, staff=request.user, request=request)
            messages.success(request, _("Passed: %(title)s") % {"title": check.position.title})
        else:
            spot_check_take_down(
                check=check,
                staff=request.user,
                reason=request.POST.get("reason", "")[:300],
                withdraw_trust=request.POST.get("withdraw_trust") == "on",
                request=request,
            )
            messages.success(request, _("Taken down: %(title)s") % {"title": check.position.title})
    except ValidationError as exc:
        for message in error_messages(exc):
            messages.error(request, message)
    return redirect("jobs:staff_spot_checks")
