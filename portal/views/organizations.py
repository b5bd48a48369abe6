"""An organization's business licence: its members (and staff) open it; its administrators upload a new one, which
sends the organization back to staff for verification."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.form_errors import add_service_errors
from portal.forms import LicenceReplaceForm
from portal.models import Organization, OrganizationMembership
from portal.permissions import is_bureau_staff
from portal.services.organizations import organization_licence_replace
from portal.uploads import private_file_response


@login_required
def organization_licence(request, pk):
    """The stored licence file, for the organization's members and bureau staff; anyone else gets 404."""
    organizations = Organization.objects.all()
    if not is_bureau_staff(request.user):
        organizations = organizations.filter(memberships__user=request.user)
    organization = get_object_or_404(organizations.distinct(), pk=pk)
    return private_file_response(organization.business_licence, stem=f"licence-{pk}", as_attachment=False)


@login_required
@require_http_methods(["GET", "POST"])
def organization_licence_upload(request, pk):
    organization = get_object_or_404(
        Organization, pk=pk, memberships__user=request.user, memberships__role=OrganizationMembership.Role.ADMIN
    )
    form = LicenceReplaceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            organization_licence_replace(
                organization=organization,
                user=request.user,
                licence=form.cleaned_data["business_licence"],
                valid_until=form.cleaned_data["licence_valid_until"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The new licence has been sent; staff will verify your organization again."))
            return redirect("portal:profile")
    context = {"form": form, "organization": organization}
    return render(request, "portal/organization_licence.html", context, status=400 if form.errors else 200)
