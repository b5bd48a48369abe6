"""The signed-in user's security page (/me/security/): API keys, and signing out everywhere; and an organization
administrator's integration keys (/me/organization/<pk>/keys/).

A new key is shown once, in the answer to the POST that made it (never stored, never in a URL)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from portal.forms import ApiKeyForm
from portal.models import ApiToken, Organization, OrganizationMembership
from portal.permissions import is_bureau_staff
from portal.services import tokens as token_services
from portal.staff.middleware import passed_second_factor


def _render_security(request, form, new_key=None):
    keys = ApiToken.objects.filter(user=request.user).personal().order_by("-created_at", "-pk")[:50]
    context = {"form": form, "keys": keys, "new_key": new_key, "ttl_days": settings.API_TOKEN_TTL_DAYS}
    return render(request, "portal/security.html", context, status=400 if form.errors else 200)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def security(request):
    form = ApiKeyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Staff reach this page only after their second factor (portal.staff.middleware); say so on their key.
        second_factor = is_bureau_staff(request.user) and passed_second_factor(request)
        try:
            _token, key = token_services.api_token_create(
                user=request.user, name=form.cleaned_data["name"], second_factor=second_factor
            )
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            return _render_security(request, ApiKeyForm(), new_key=key)
    return _render_security(request, form)


@login_required
@require_POST
def security_key_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user, organization__isnull=True)
    token_services.api_token_revoke(token=token, user=request.user)
    messages.success(request, _("The API key “%(name)s” has been revoked.") % {"name": token.name})
    return redirect("portal:security")


@login_required
@require_POST
def sign_out_everywhere(request):
    token_services.user_sign_out_everywhere(user=request.user)
    logout(request)
    messages.success(request, _("You have been signed out on every device, and your API keys have been revoked."))
    return redirect("account_login")


def _administered_organization(request, pk) -> Organization:
    # Only administrators of this organization reach it; anyone else gets 404, not a hint that it exists.
    return get_object_or_404(
        Organization, pk=pk, memberships__user=request.user, memberships__role=OrganizationMembership.Role.ADMIN
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def organization_keys(request, pk):
    organization = _administered_organization(request, pk)
    form = ApiKeyForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_key = token_services.integration_key_create(
                organization=organization, name=form.cleaned_data["name"], created_by=request.user
            )
        except ValidationError as exc:
            for error in exc.messages:
                form.add_error(None, error)
        else:
            form = ApiKeyForm()
    keys = ApiToken.objects.filter(organization=organization).select_related("created_by")[:100]
    context = {"organization": organization, "form": form, "keys": keys, "new_key": new_key}
    return render(request, "portal/organization_keys.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def organization_key_revoke(request, pk, key_pk):
    organization = _administered_organization(request, pk)
    token = get_object_or_404(ApiToken, pk=key_pk, organization=organization)
    token_services.api_token_revoke(token=token, user=request.user)
    messages.success(request, _("The integration key “%(name)s” has been revoked.") % {"name": token.name})
    return redirect("portal:organization_keys", pk=organization.pk)
