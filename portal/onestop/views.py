"""Pages of the one-stop application: the veteran's guided form and status page, the staff counter page listing
every application with each part's state, and the counter's 代办 form for the veteran chosen on the workbench."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.decorators import staff_required
from portal.form_errors import add_service_errors
from portal.models import VeteranProfile
from portal.onestop import selectors, services
from portal.onestop.forms import OneStopForm
from portal.onestop.permissions import can_view_bundle
from portal.permissions import is_bureau_staff
from portal.staff.acting import acting_required
from portal.staff.services import acting_record

ACT_FILE = "onestop.file"


def _file(request, veteran_user, acting: bool):
    """The form for `veteran_user`; on a valid POST the bundle is filed. Returns (form, bundle or None)."""
    form = OneStopForm(request.POST or None, request.FILES or None, veteran_user=veteran_user)
    if request.method == "POST" and form.is_valid():
        try:
            bundle = services.onestop_submit(
                veteran_user=veteran_user,
                created_by=request.user,
                acting_staff=request.user if acting else None,
                **form.submission(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return form, bundle
    return form, None


@login_required
@require_http_methods(["GET", "POST"])
def start(request):
    if not VeteranProfile.objects.filter(user=request.user).exists():
        messages.info(request, _("Register as a veteran (退役报到) before the one-stop application."))
        return redirect("portal:profile_edit")
    form, bundle = _file(request, request.user, acting=False)
    if bundle is not None:
        messages.success(request, _("Your one-stop application was filed; each part is shown below."))
        return redirect("onestop:status", pk=bundle.pk)
    mine = selectors.bundles().filter(veteran=request.user)[:5]
    context = {"form": form, "mine": mine, "acting": False}
    return render(request, "onestop/start.html", context, status=400 if form.errors else 200)


@login_required
def status(request, pk):
    bundle = get_object_or_404(selectors.bundles(), pk=pk)
    if not can_view_bundle(request.user, bundle):
        raise Http404
    context = {"bundle": bundle, "parts": selectors.bundle_parts(bundle), "staff_links": is_bureau_staff(request.user)}
    return render(request, "onestop/status.html", context)


@staff_required
def counter(request):
    page = Paginator(selectors.bundles(), 20).get_page(request.GET.get("page"))
    rows = [(bundle, selectors.bundle_parts(bundle)) for bundle in page]
    return render(request, "onestop/counter.html", {"page": page, "rows": rows})


@acting_required
@require_http_methods(["GET", "POST"])
def staff_act(request):
    veteran_user = request.acting_for
    form, bundle = _file(request, veteran_user, acting=True)
    if bundle is not None:
        acting_record(request=request, veteran_user=veteran_user, action=ACT_FILE, target=bundle)
        messages.success(request, _("The one-stop application was filed on the veteran's behalf."))
        return redirect("onestop:status", pk=bundle.pk)
    context = {"form": form, "veteran": veteran_user, "acting": True}
    return render(request, "onestop/start.html", context, status=400 if form.errors else 200)
