"""The subsidy claim page: the trainee and the institution add the evidence and the payee; bureau staff approve it
with the amount for the person and record the payment. Claims are fetched through `viewable_claims`, so another
party's claim answers 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.permissions import is_bureau_staff
from portal.uploads import private_file_response
from training import services
from training.forms import ApproveClaimForm, AttachmentForm, PayeeForm, PaymentForm
from training.models import SubsidyAttachment
from training.permissions import viewable_claims
from training.services.subsidies import can_edit_claim
from training.views.common import add_service_errors, error_text


def _claim(request, pk):
    related = ("enrollment__training_class__course__institution", "enrollment__veteran", "payment")
    return get_object_or_404(viewable_claims(request.user).select_related(*related), pk=pk)


def _page(request, claim, **forms):
    editable = can_edit_claim(request.user, claim) and claim.is_open_for_evidence()
    staff = is_bureau_staff(request.user)
    context = {
        "claim": claim,
        "attachments": claim.attachments.all(),
        "editable": editable,
        "is_staff": staff,
        "payee_form": forms.get("payee_form")
        or PayeeForm(initial={"payee": claim.payee, "name": claim.payee_name, "bank": claim.payee_bank}),
        "attachment_form": forms.get("attachment_form") or AttachmentForm(),
        "approve_form": forms.get("approve_form") or ApproveClaimForm(initial={"amount": claim.amount}),
        "payment_form": forms.get("payment_form") or PaymentForm(initial={"amount": claim.approved_amount}),
    }
    status = 400 if any(f.errors for f in forms.values()) else 200
    return render(request, "training/claim_detail.html", context, status=status)


@login_required
def claim_detail(request, pk):
    return _page(request, _claim(request, pk))


@login_required
@require_POST
def claim_payee(request, pk):
    claim = _claim(request, pk)
    form = PayeeForm(request.POST)
    if form.is_valid():
        try:
            services.subsidy_claim_set_payee(claim=claim, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Payee saved."))
            return redirect("training:claim_detail", pk=pk)
    return _page(request, claim, payee_form=form)


@login_required
@require_POST
def claim_attachment_add(request, pk):
    claim = _claim(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.subsidy_attachment_add(
                claim=claim, actor=request.user, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("File attached."))
            return redirect("training:claim_detail", pk=pk)
    return _page(request, claim, attachment_form=form)


@login_required
def claim_attachment_file(request, pk):
    attachment = get_object_or_404(SubsidyAttachment.objects.filter(claim__in=viewable_claims(request.user)), pk=pk)
    return private_file_response(attachment.file, stem=f"claim-{attachment.claim_id}-{attachment.kind}-{attachment.pk}")


@login_required
@require_POST
def claim_decide(request, pk, action):
    """Staff: approve with the amount, or record the payment, from the claim's page."""
    if not is_bureau_staff(request.user):
        raise PermissionDenied
    claim = _claim(request, pk)
    form_class = {"approve": ApproveClaimForm, "pay": PaymentForm}.get(action)
    if form_class is None:
        messages.error(request, _("Unknown action."))
        return redirect("training:claim_detail", pk=pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            if action == "approve":
                services.subsidy_claim_approve(claim=claim, actor=request.user, **form.cleaned_data)
            else:
                services.subsidy_payment_record(claim=claim, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
            messages.error(request, error_text(exc))  # also said on top: the form may not be shown any more
        else:
            messages.success(request, _("Saved."))
            return redirect("training:claim_detail", pk=pk)
    return _page(request, claim, **{f"{'approve' if action == 'approve' else 'payment'}_form": form})
