"""The veteran verification queue (退役报到审核): staff check a registration against the documents and verify it,
or return it with a reason, through `veteran_profile_verify` (the admin's bulk actions call the same service)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.decorators import staff_required
from portal.form_errors import run_form
from portal.permissions import can_verify_veterans
from portal.services.profiles import veteran_profile_verify
from portal.staff import selectors
from portal.staff.forms import VeteranReviewForm


@staff_required
def veteran_queue(request):
    state = request.GET.get("state", "submitted")
    state = state if state in selectors.VETERAN_STATES else "submitted"
    page = Paginator(selectors.veteran_profiles(state=state), 25).get_page(request.GET.get("page"))
    context = {"page": page, "state": state, "states": selectors.VETERAN_STATES}
    return render(request, "staff/veteran_queue.html", context)


@staff_required
@require_http_methods(["GET", "POST"])
def veteran_review(request, pk):
    profile = get_object_or_404(selectors.veteran_profiles(state="any"), pk=pk)
    form = VeteranReviewForm(request.POST or None)
    if form.is_bound and not can_verify_veterans(request.user):
        raise PermissionDenied

    def verify(data):
        return veteran_profile_verify(profile=profile, staff_user=request.user, **form.decided(data))

    if run_form(request, form, verify):
        messages.success(request, _("The veteran has been told the decision."))
        return redirect("portal:staff_veteran_queue")
    context = {"profile": profile, "form": form, "may_decide": can_verify_veterans(request.user)}
    return render(request, "staff/veteran_review.html", context, status=400 if form.errors else 200)
