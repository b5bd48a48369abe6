"""Claiming an account staff created: the link from the invitation (e-mail or text message)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from portal.account_forms import AccountClaimForm
from portal.form_errors import add_service_errors
from portal.services import claims


@never_cache
@require_http_methods(["GET", "POST"])
def account_claim(request, token):
    invitation = claims.invitation_by_token(token)
    refusal = claims.invitation_refusal(invitation)
    if refusal is not None:
        return render(request, "portal/account_claim.html", {"refusal": refusal}, status=410 if invitation else 404)
    form = AccountClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            claims.account_claim(
                invitation=invitation,
                id_last_six=form.cleaned_data["id_last_six"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your account is yours now: sign in with your new password."))
            return redirect("account_login")
    invitation.refresh_from_db()
    refusal = claims.invitation_refusal(invitation)  # the last wrong try may have locked it
    context = {"form": form, "refusal": refusal, "invitation": invitation}
    return render(request, "portal/account_claim.html", context, status=400 if form.errors or refusal else 200)
