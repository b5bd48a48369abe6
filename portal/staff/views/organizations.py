"""Organization verification (单位认证): staff open the business licence, tick the checklist and verify, or refuse
with a reason; for a verified employer they set whether its positions publish without review and how many of those
are spot-checked. Everything goes through portal.services.organizations, which audits each step."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal.decorators import staff_required
from portal.form_errors import add_service_errors
from portal.models import AuditLog, Organization
from portal.services.organizations import organization_trust_set, organization_verify
from portal.staff.organization_forms import OrganizationDecisionForm, TrustForm

STATES = ("pending", "rejected", "verified")


@staff_required
def organization_queue(request):
    state = request.GET.get("state", "pending")
    state = state if state in STATES else "pending"
    organizations = Organization.objects.filter(status=state).exclude(org_type=Organization.Type.BUREAU)
    page = Paginator(organizations.order_by("created_at", "pk"), 25).get_page(request.GET.get("page"))
    states = {key: Organization.Status(key).label for key in STATES}
    return render(request, "staff/organization_queue.html", {"page": page, "state": state, "states": states})


def _review_context(organization, form, trust_form) -> dict:
    history = AuditLog.objects.filter(target_type="portal.Organization", target_id=str(organization.pk))
    return {
        "organization": organization,
        "form": form,
        "trust_form": trust_form,
        "history": history.select_related("actor").order_by("-created_at")[:20],
    }


def _trust_form(organization) -> TrustForm:
    return TrustForm(
        initial={"auto_publish": organization.auto_publish, "spot_check_percent": organization.spot_check_percent}
    )


@staff_required
@require_http_methods(["GET", "POST"])
def organization_review(request, pk):
    organization = get_object_or_404(Organization.objects.exclude(org_type=Organization.Type.BUREAU), pk=pk)
    form = OrganizationDecisionForm(request.POST or None)
    if form.is_bound and form.is_valid():
        try:
            organization_verify(
                organization=organization,
                staff_user=request.user,
                approve=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["reason"],
                checklist=form.checklist(),
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The organization has been told the decision."))
            return redirect("portal:staff_organization_queue")
    context = _review_context(organization, form, _trust_form(organization))
    return render(request, "staff/organization_review.html", context, status=400 if form.errors else 200)


@staff_required
@require_POST
def organization_trust(request, pk):
    organization = get_object_or_404(Organization, pk=pk)
    form = TrustForm(request.POST)
    if form.is_valid():
        try:
            organization_trust_set(
                organization=organization, staff_user=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The employer's publishing rights have been saved."))
            return redirect("portal:staff_organization_review", pk=pk)
    context = _review_context(organization, OrganizationDecisionForm(), form)
    return render(request, "staff/organization_review.html", context, status=400)
