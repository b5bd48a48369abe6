"""Bureau staff and employment follow-ups: the queue (due, overdue, upcoming, recorded) with filters, and recording
one — the page a staff reminder links to."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jobs.forms import FOLLOW_UP_STATES, FollowUpForm, FollowUpQueueForm
from jobs.models import FollowUp
from jobs.selectors import follow_up_queue
from jobs.services.followups import follow_up_record
from jobs.views.common import paginate
from portal.decorators import staff_required
from portal.form_errors import run_form
from portal.staff.selectors import bureau_regions


@staff_required
def staff_follow_up_queue(request):
    form = FollowUpQueueForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    filters = {
        "today": timezone.localdate(),
        "months": data.get("months"),
        "region": data.get("region"),
        "employer": data.get("employer") or "",
        "bureau_regions": bureau_regions(request.user) if data.get("mine") else None,
    }
    state = data.get("state") or "due"
    tabs = [(key, label, follow_up_queue(state=key, **filters).count()) for key, label in FOLLOW_UP_STATES.items()]
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("state", None)
    context = {"form": form, "page": paginate(request, follow_up_queue(state=state, **filters)), "state": state}
    context.update(tabs=tabs, params=params.urlencode(), today=filters["today"])
    return render(request, "jobs/staff/follow_ups.html", context)


@staff_required
@require_http_methods(["GET", "POST"])
def staff_follow_up_record(request, pk):
    related = ("record__position__region", "record__organization", "record__veteran__veteran_profile", "recorded_by")
    follow_up = get_object_or_404(FollowUp.objects.select_related(*related), pk=pk)
    form = FollowUpForm(request.POST or None)
    if run_form(request, form, lambda data: follow_up_record(follow_up=follow_up, actor=request.user, **data)):
        messages.success(request, _("The follow-up has been recorded."))
        return redirect("jobs:staff_follow_ups")
    context = {"follow_up": follow_up, "form": form, "today": timezone.localdate(), "staff_page": True}
    return render(request, "jobs/staff/follow_up.html", context, status=400 if form.errors else 200)
