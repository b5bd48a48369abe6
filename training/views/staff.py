"""Bureau staff pages of the training app: deciding training subsidy claims."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.permissions import is_bureau_staff
from training import services
from training.models import SubsidyClaim
from training.views.common import error_text


@login_required
def claims(request):
    if not is_bureau_staff(request.user):
        raise PermissionDenied
    status = request.GET.get("status", SubsidyClaim.Status.SUBMITTED)
    qs = SubsidyClaim.objects.select_related("enrollment__training_class__course__institution", "enrollment__veteran")
    if status in SubsidyClaim.Status.values:
        qs = qs.filter(status=status)
    return render(
        request,
        "training/manage/claims.html",
        {"claims": qs[:200], "status": status, "statuses": SubsidyClaim.Status.choices},
    )


@login_required
@require_POST
def claim_action(request, pk, action):
    if not is_bureau_staff(request.user):
        raise PermissionDenied
    claim = get_object_or_404(SubsidyClaim, pk=pk)
    try:
        if action == "approve":
            services.subsidy_claim_approve(claim=claim, actor=request.user)
        elif action == "reject":
            services.subsidy_claim_reject(claim=claim, actor=request.user, reason=request.POST.get("reason", ""))
        else:
            raise ValidationError(_("Unknown action."))
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Saved."))
    return redirect(reverse("training:claims") + f"?status={claim.status}")
