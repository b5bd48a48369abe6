"""The privacy policy (PIPL arts. 13, 14, 17) and 我的授权: the person's consents, with a way to withdraw each."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.forms import ConsentWithdrawForm
from portal.models import Consent, VeteranProfile
from portal.privacy import POLICY_EFFECTIVE, POLICY_VERSION
from portal.services.consents import consent_live, consent_withdraw, consents_of


def privacy_policy(request):
    context = {
        "version": POLICY_VERSION,
        "effective": POLICY_EFFECTIVE,
        "contact_email": settings.PRIVACY_CONTACT_EMAIL,
        "contact_phone": settings.PRIVACY_CONTACT_PHONE,
        "audit_days": settings.AUDIT_LOG_RETENTION_DAYS,
    }
    return render(request, "portal/privacy.html", context)


@login_required
def consent_list(request):
    consents = list(consents_of(user=request.user))
    live = {c.purpose: c for c in consents if c.is_live()}
    profile = VeteranProfile.objects.filter(user=request.user).only("id_number_encrypted").first()
    context = {
        "purposes": [(value, label, live.get(value)) for value, label in Consent.Purpose.choices],
        "consents": consents,
        "id_stored_without_consent": bool(profile and profile.id_number_encrypted) and "id_number" not in live,
        "version": POLICY_VERSION,
    }
    return render(request, "portal/consents.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def consent_withdraw_view(request, purpose):
    if purpose not in Consent.Purpose.values:
        raise Http404
    consent = consent_live(user=request.user, purpose=purpose)
    if consent is None:
        messages.info(request, _("There is no consent of this kind to withdraw."))
        return redirect("portal:consents")
    form = ConsentWithdrawForm(request.POST if request.method == "POST" else None, purpose=purpose)
    if request.method == "POST" and form.is_valid():
        consent_withdraw(user=request.user, purpose=purpose, channel=Consent.Channel.WEB, request=request)
        messages.success(request, _("Your consent has been withdrawn."))
        return redirect("portal:consents")
    context = {"consent": consent, "form": form}
    return render(request, "portal/consent_withdraw.html", context, status=400 if form.errors else 200)
