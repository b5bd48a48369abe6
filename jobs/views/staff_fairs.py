"""Staff run job fairs: the list of upcoming and past fairs, creating and editing one, and reviewing its booth
requests (approve with the next free booth number, or reject with a reason)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Case, Count, IntegerField, Prefetch, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jobs.forms import FairForm, RejectForm
from jobs.models import Booth, JobFair, Position
from jobs.selectors import staff_fairs
from jobs.services.booths import booth_approve, booth_reject
from jobs.services.fairs import fair_create, fair_update
from jobs.views.common import add_service_errors, error_messages, paginate
from portal.decorators import staff_required

BOOTHS_PER_PAGE = 50


@staff_required
def staff_fair_list(request):
    past = request.GET.get("when") == "past"
    return render(
        request,
        "jobs/staff/fair_list.html",
        {"page": paginate(request, staff_fairs(past=past)), "past": past},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def staff_fair_edit(request, pk=None):
    fair = get_object_or_404(JobFair, pk=pk) if pk else None
    form = FairForm(request.POST or None, instance=fair)
    if request.method == "POST" and form.is_valid():
        try:
            if fair is None:
                fair = fair_create(staff=request.user, data=form.fair_data(), request=request)
                messages.success(request, _("The job fair has been created."))
            else:
                fair = fair_update(fair=fair, staff=request.user, data=form.fair_data(), request=request)
                messages.success(request, _("The job fair has been saved."))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("jobs:staff_fair_edit", pk=fair.pk)
    return render(
        request, "jobs/staff/fair_form.html", {"form": form, "fair": fair}, status=400 if form.errors else 200
    )


@staff_required
def staff_fair_booths(request, pk):
    fair = get_object_or_404(JobFair, pk=pk)
    status = request.GET.get("status", "")
    booths = (
        Booth.objects.filter(fair=fair)
        .select_related("organization", "reviewed_by")
        .prefetch_related(Prefetch("positions", queryset=Position.objects.select_related("region").order_by("pk")))
        # Requests waiting for a decision first, then the booths by number.
        .annotate(
            waiting=Case(
                When(status=Booth.Status.PENDING, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("waiting", "number", "created_at", "pk")
    )
    counts = dict.fromkeys(Booth.Status.values, 0)
    counts.update(Booth.objects.filter(fair=fair).values_list("status").annotate(n=Count("pk")).order_by())
    if status in Booth.Status.values:
        booths = booths.filter(status=status)
    context = {
        "fair": fair,
        "page": paginate(request, booths, per_page=BOOTHS_PER_PAGE),
        "status": status if status in Booth.Status.values else "",
        "statuses": Booth.Status.choices,
        "counts": counts,
        "reject_form": RejectForm(),
    }
    return render(request, "jobs/staff/fair_booths.html", context)


@staff_required
@require_POST
def staff_booth_review(request, pk, booth_pk, decision):
    booth = get_object_or_404(Booth.objects.select_related("organization"), fair_id=pk, pk=booth_pk)
    try:
        if decision == "approve":
            booth = booth_approve(booth=booth, staff=request.user, request=request)
            messages.success(
                request,
                _("Booth %(number)s approved: %(organization)s")
                % {"number": booth.number, "organization": booth.organization.name},
            )
        else:
            form = RejectForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            booth_reject(booth=booth, staff=request.user, reason=reason, request=request)
            messages.success(
                request, _("Booth request rejected: %(organization)s") % {"organization": booth.organization.name}
            )
    except ValidationError as exc:
        for message in error_messages(exc):
            messages.error(request, message)
    return redirect(_booths_url(pk, request.POST))


def _booths_url(pk, post) -> str:
    """Back to the list the staff member was looking at (same status filter and page)."""
    query = {k: post[k] for k in ("status", "page") if post.get(k)}
    url = reverse("jobs:staff_fair_booths", args=[pk])
    return f"{url}?{urlencode(query)}" if query else url
