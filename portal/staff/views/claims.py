"""Accounts staff created and whether their owners claimed them; sending the invitation again."""

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from portal.decorators import staff_required
from portal.form_errors import run_button
from portal.models import AccountInvitation, User
from portal.services import claims

CLAIM_STATES = {"unclaimed": gettext_lazy("Not claimed yet"), "claimed": pgettext_lazy("account claim", "Claimed")}


def staff_created_accounts(state: str):
    """Veterans' accounts staff created: without a usable password (unclaimed) or invited at some time."""
    unusable = Q(password__startswith=UNUSABLE_PASSWORD_PREFIX)
    accounts = User.objects.filter(veteran_profile__isnull=False, anonymized_at__isnull=True).filter(
        unusable | Q(account_invitations__isnull=False)
    )
    accounts = accounts.exclude(unusable) if state == "claimed" else accounts.filter(unusable)
    latest = AccountInvitation.objects.order_by("-created_at")
    return (
        accounts.distinct()
        .select_related("veteran_profile")
        .prefetch_related(Prefetch("account_invitations", queryset=latest))
        .order_by("-date_joined", "-pk")
    )


@staff_required
def claim_list(request):
    state = request.GET.get("state", "unclaimed")
    state = state if state in CLAIM_STATES else "unclaimed"
    page = Paginator(staff_created_accounts(state), 25).get_page(request.GET.get("page"))
    return render(request, "staff/claim_list.html", {"page": page, "state": state, "states": CLAIM_STATES})


@staff_required
@require_POST
def claim_invite(request, user_id):
    user = get_object_or_404(User, pk=user_id, veteran_profile__isnull=False)
    run_button(
        request,
        lambda: claims.account_invitation_send(user=user, staff_user=request.user),
        done=_("The invitation to claim the account has been sent."),
    )
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(back)
    return redirect("portal:staff_claims")
