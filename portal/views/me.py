"""The signed-in user's own pages: profile, résumé, notices, preferences, data download, account deletion."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal.form_errors import add_service_errors
from portal.forms import (
    AccountDeleteForm,
    FamilyMemberForm,
    InvitationForm,
    NotificationPreferenceForm,
    OrganizationForm,
)
from portal.models import (
    FamilyMemberProfile,
    Notification,
    Organization,
    OrganizationMembership,
    Role,
    VeteranProfile,
)
from portal.services import accounts, notifications
from portal.services import organizations as organization_services
from portal.services.family import family_profile_save
from portal.services.organizations import invitation_send
from portal.times import LocalTimeJSONEncoder
from portal.uploads import private_file_response
from portal.workspace import workspace_roles


@login_required
def profile(request):
    profile = (
        VeteranProfile.objects.filter(user=request.user)
        .select_related("region__parent__parent")
        .prefetch_related("military_specialties", "desired_categories", "desired_regions")
        .first()
    )
    memberships = OrganizationMembership.objects.filter(user=request.user).select_related("organization")
    family = None
    if profile is None:
        family = FamilyMemberProfile.objects.filter(user=request.user).select_related("veteran").first()
    is_person = Role.VETERAN in workspace_roles(request.user)
    context = {"profile": profile, "family": family, "memberships": memberships, "is_person": is_person}
    return render(request, "portal/profile.html", context)


@login_required
def resume_download(request):
    profile = VeteranProfile.objects.filter(user=request.user).first()
    if not profile or not profile.resume:
        raise Http404
    return private_file_response(profile.resume, stem="resume")


@login_required
def notification_list(request):
    page = Paginator(Notification.objects.filter(recipient=request.user), 20).get_page(request.GET.get("page"))
    return render(request, "portal/notifications.html", {"page": page})


@login_required
@require_POST
def notification_read(request):
    ids = request.POST.getlist("id")
    notifications.notification_mark_read(
        user=request.user, notification_ids=[int(i) for i in ids if i.isdigit()] or None
    )
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect("portal:notifications")


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request):
    form = NotificationPreferenceForm(request.POST or None, instance=notifications.preference_for(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            notifications.notification_preference_update(user=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Your notification settings have been saved."))
            return redirect("portal:notification_settings")
    return render(request, "portal/notification_settings.html", {"form": form})


@login_required
def data_export(request):
    data = accounts.user_data_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, cls=LocalTimeJSONEncoder, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request):
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        accounts.user_erase(user=user)
        messages.success(request, _("Your account and personal data have been deleted."))
        return redirect("portal:home")
    return render(request, "portal/account_delete.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def organization_register(request):
    form = OrganizationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        organization = form.save(commit=False)
        organization.region = form.cleaned_data["region"]
        try:
            organization_services.organization_register(organization=organization, founder=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your organization has been registered and awaits verification by staff."))
            return redirect("portal:profile")
    return render(request, "portal/organization_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def family_profile(request):
    existing = FamilyMemberProfile.objects.filter(user=request.user).select_related("veteran", "region").first()
    form = FamilyMemberForm(request.POST or None, request.FILES or None, instance=existing)
    if request.method == "POST" and form.is_valid() and family_profile_save_from_form(form=form, user=request.user):
        messages.success(request, _("Saved. Staff will confirm your link to the veteran."))
        return redirect("portal:family_profile")
    return render(request, "portal/family_profile.html", {"form": form, "existing": existing})


def family_profile_save_from_form(*, form: FamilyMemberForm, user) -> bool:
    """Hand a valid family form to family_profile_save; its refusals become the form's errors. Shared with 代办."""
    data = form.cleaned_data
    own, veteran = form.saved_numbers()
    try:
        family_profile_save(
            user=user,
            real_name=data["real_name"],
            id_number=own,
            relation=data["relation"],
            veteran_id_number=veteran,
            phone=data["phone"],
            region=data["region"],
            proof=data.get("proof"),
        )
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return False
    return True


@login_required
def family_proof(request):
    """The family member's own proof; staff open it from the review page."""
    profile = get_object_or_404(FamilyMemberProfile, user=request.user)
    return private_file_response(profile.proof, stem="family-proof", as_attachment=False)


@login_required
@require_http_methods(["GET", "POST"])
def organization_invite(request, pk):
    # Only administrators of this organization reach it; anyone else gets 404, not a hint that it exists.
    organization = get_object_or_404(
        Organization, pk=pk, memberships__user=request.user, memberships__role=OrganizationMembership.Role.ADMIN
    )
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        invitation_send(organization=organization, email=form.cleaned_data["email"], invited_by=request.user)
        messages.success(request, _("The invitation has been sent."))
        return redirect("portal:profile")
    return render(request, "portal/organization_invite.html", {"form": form, "organization": organization})
