"""Startup loan pages: products, applying, my applications, the bank's review, staff's subsidy report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods

from entrepreneurship.forms import (
    DisburseForm,
    DocumentsForm,
    LoanApplyForm,
    LoanDocumentForm,
    LoanProductForm,
    LoanReviewForm,
)
from entrepreneurship.models import LoanApplication, LoanProduct, SubsidySettlement
from entrepreneurship.permissions import is_bank_member
from entrepreneurship.services import loans
from entrepreneurship.services.settlements import settlement_totals
from entrepreneurship.services.subsidy import subsidy_for
from entrepreneurship.views.common import call_service, form_page, require
from entrepreneurship.views.loan_documents import loan_context
from portal.form_errors import posted_form, render_form, run_form
from portal.permissions import is_bureau_staff, is_veteran


def product_list(request):
    products = LoanProduct.objects.published().select_related("bank")
    return render(
        request, "entrepreneurship/product_list.html", {"products": products, "can_apply": is_veteran(request.user)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def loan_apply(request, pk):
    product = get_object_or_404(LoanProduct.objects.published().select_related("bank"), pk=pk)
    form = LoanApplyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        application = call_service(form, loans.loan_apply, user=request.user, product=product, **form.cleaned_data)
        if application:
            messages.success(request, _("Your application has been sent to the bank."))
            return redirect("entrepreneurship:my_loan_detail", pk=application.pk)
    intro = _("%(product)s: up to %(max)s yuan, %(term)s months, %(rate)s%% a year. %(rule)s") % {
        "product": product,
        "max": product.max_amount,
        "term": product.max_term_months,
        "rate": product.annual_rate,
        "rule": product.get_subsidy_rule_display(),
    }
    return form_page(
        request,
        form=form,
        title=_("Apply for a startup loan"),
        submit=pgettext("application", "Apply"),
        intro=intro,
        guide="startup-loan",
    )


@login_required
def my_loans(request):
    items = LoanApplication.objects.filter(applicant=request.user).select_related("product__bank", "enterprise")
    return render(request, "entrepreneurship/loan_list.html", {"items": items, "bank_view": False})


@login_required
@require_http_methods(["GET", "POST"])
def my_loan_detail(request, pk):
    application = get_object_or_404(LoanApplication.objects.filter(applicant=request.user), pk=pk)
    form = DocumentsForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and call_service(
            form,
            loans.loan_supply_documents,
            application=application,
            user=request.user,
            note=form.cleaned_data["note"],
        )
    ):
        messages.success(request, _("Sent to the bank."))
        return redirect("entrepreneurship:my_loan_detail", pk=pk)
    return render(
        request,
        "entrepreneurship/loan_detail.html",
        {
            "application": application,
            "documents_form": form,
            "upload_form": LoanDocumentForm(),
            "bank_view": False,
            "estimate": subsidy_for(application.product, application.amount, application.term_months),
            **loan_context(application),
        },
    )


@login_required
def bank_loans(request):
    items = LoanApplication.objects.for_bank_member(request.user).select_related("product__bank", "enterprise")
    status = request.GET.get("status")
    if status in LoanApplication.Status.values:
        items = items.filter(status=status)
    return render(
        request,
        "entrepreneurship/loan_list.html",
        {"items": items, "bank_view": True, "statuses": LoanApplication.Status.choices},
    )


@login_required
@require_http_methods(["GET", "POST"])
def bank_loan_detail(request, pk):
    application = get_object_or_404(
        LoanApplication.objects.for_bank_member(request.user).select_related("enterprise", "applicant"), pk=pk
    )
    review_form = posted_form(request, "review", LoanReviewForm, application=application)
    initial = {"amount": application.approved_amount or application.amount, "disbursed_on": timezone.localdate()}
    disburse_form = posted_form(request, "disburse", DisburseForm, initial=initial)
    reviewed = run_form(
        request, review_form, lambda d: loans.loan_review(application=application, user=request.user, **d)
    )
    disbursed = run_form(
        request, disburse_form, lambda d: loans.loan_disburse(application=application, user=request.user, **d)
    )
    if reviewed or disbursed:
        messages.success(request, _("Saved."))
        return redirect("entrepreneurship:bank_loan_detail", pk=pk)
    context = {
        "application": application,
        "bank_view": True,
        "review_form": review_form,
        "disburse_form": disburse_form,
        "applicant_name": application.applicant.display_name,
        "estimate": subsidy_for(application.product, application.amount, application.term_months),
        **loan_context(application),
    }
    return render_form(request, "entrepreneurship/loan_detail.html", context, review_form, disburse_form)


@login_required
def subsidy_report(request):
    require(is_bureau_staff(request.user))
    disbursed = LoanApplication.objects.filter(status=LoanApplication.Status.DISBURSED).select_related(
        "product__bank", "enterprise"
    )
    totals = disbursed.aggregate(principal=Sum("disbursed_amount"), subsidy=Sum("subsidy_due"), n=Count("pk"))
    by_bank = (
        disbursed.values("product__bank__name")
        .annotate(n=Count("pk"), principal=Sum("disbursed_amount"), subsidy=Sum("subsidy_due"))
        .order_by("product__bank__name")
    )
    settled = settlement_totals(SubsidySettlement.objects.filter(application__in=disbursed))
    context = {"items": disbursed, "totals": totals, "by_bank": by_bank, "settled": settled}
    context["reconciled"] = (totals["subsidy"] or 0) == settled["scheduled"]
    return render(request, "entrepreneurship/subsidy_report.html", context)


@login_required
def bank_products(request):
    require(is_bank_member(request.user))
    products = LoanProduct.objects.of_bank_member(request.user).select_related("bank")
    return render(request, "entrepreneurship/bank_products.html", {"products": products})


@login_required
@require_http_methods(["GET", "POST"])
def bank_product_edit(request, pk=None):
    require(is_bank_member(request.user))
    product = get_object_or_404(LoanProduct.objects.of_bank_member(request.user), pk=pk) if pk else None
    form = LoanProductForm(request.POST or None, instance=product, user=request.user)
    if request.method == "POST" and form.is_valid():
        bank = product.bank if product else form.cleaned_data["bank"]
        saved = call_service(
            form, loans.loan_product_save, user=request.user, bank=bank, data=form.product_data(), product=product
        )
        if saved:
            messages.success(request, _("The loan product has been saved."))
            return redirect("entrepreneurship:bank_products")
    title = _("Edit loan product") if product else _("New loan product")
    return form_page(request, form=form, title=title, submit=_("Save"))
