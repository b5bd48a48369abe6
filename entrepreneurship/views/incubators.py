"""Incubator base pages: list, detail with occupancy, residency applications, operators' review."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from entrepreneurship.forms import ReasonForm, RenewForm, ResidencyAcceptForm, ResidencyApplyForm
from entrepreneurship.models import DeskAllocation, IncubatorBase, Residency
from entrepreneurship.services import incubators
from entrepreneurship.views.common import unknown_action
from portal.form_errors import render_form, run_button, run_form
from portal.permissions import is_bureau_staff, is_veteran


def base_list(request):
    bases = IncubatorBase.objects.listed().select_related("region__parent", "operator")
    return render(request, "entrepreneurship/base_list.html", {"bases": bases})


def base_detail(request, pk):
    base = get_object_or_404(IncubatorBase.objects.listed().select_related("region__parent", "operator"), pk=pk)
    form = None
    if is_veteran(request.user):
        form = ResidencyApplyForm(request.POST or None, user=request.user)
        apply = lambda d: incubators.residency_apply(  # noqa: E731
            user=request.user,
            base=base,
            enterprise=d["enterprise"],
            workstations=d["workstations_requested"],
            message=d["message"],
        )
        if run_form(request, form, apply):
            messages.success(request, _("Your residency application has been sent to the operator."))
            return redirect("entrepreneurship:residency_list")
    occupied = base.occupied_workstations()
    context = {
        "base": base,
        "form": form,
        "residents": base.residencies.active().select_related("enterprise"),
        "occupied": occupied,
        "free": max(base.total_workstations - occupied, 0),
        "jobs_created": base.jobs_created(),
        "percent": round(occupied * 100 / base.total_workstations) if base.total_workstations else 0,
    }
    return render_form(request, "entrepreneurship/base_detail.html", context, form)


@login_required
def residency_list(request):
    items = list(Residency.objects.filter(enterprise__founder=request.user).select_related("base", "enterprise"))
    held = DeskAllocation.objects.current().filter(residency__in=items).select_related("desk__room")
    for residency in items:
        residency.desks = [a for a in held if a.residency_id == residency.pk]
    return render(request, "entrepreneurship/residency_list.html", {"items": items})


@login_required
def residency_detail(request, pk):
    residency = get_object_or_404(
        Residency.objects.filter(enterprise__founder=request.user).select_related("base__operator", "enterprise"), pk=pk
    )
    desks = DeskAllocation.objects.current().filter(residency=residency).select_related("desk__room")
    return render(request, "entrepreneurship/residency_detail.html", {"residency": residency, "desks": desks})


@login_required
@require_POST
def residency_withdraw(request, pk):
    residency = get_object_or_404(Residency.objects.filter(enterprise__founder=request.user), pk=pk)
    run_button(request, lambda: incubators.residency_exit(residency=residency, user=request.user))
    return redirect("entrepreneurship:residency_list")


def _operated(user):
    if is_bureau_staff(user):
        return Residency.objects.all()
    return Residency.objects.filter(Q(base__operator__memberships__user=user) & Q(base__operator__status="verified"))


@login_required
def operator_residencies(request):
    items = _operated(request.user).select_related("base", "enterprise__founder").order_by("status", "-created_at")
    return render(
        request,
        "entrepreneurship/operator_residencies.html",
        {
            "items": items,
            "accept_form": ResidencyAcceptForm(),
            "reason_form": ReasonForm(),
            "renew_form": RenewForm(),
        },
    )


@login_required
@require_POST
def operator_residency_action(request, pk, action):
    residency = get_object_or_404(_operated(request.user), pk=pk)
    if action not in ("accept", "reject", "renew", "exit"):
        return unknown_action(request)  # never "end the residency" for a mistyped action
    forms = {"accept": ResidencyAcceptForm, "reject": ReasonForm, "renew": RenewForm}
    form = forms[action](request.POST) if action in forms else None
    if form is not None and not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("entrepreneurship:operator_residencies")
    calls = {
        "accept": lambda: incubators.residency_accept(residency=residency, user=request.user, **form.cleaned_data),
        "reject": lambda: incubators.residency_reject(
            residency=residency, user=request.user, reason=form.cleaned_data["reason"]
        ),
        "renew": lambda: incubators.residency_renew(
            residency=residency, user=request.user, end_date=form.cleaned_data["end_date"]
        ),
        "exit": lambda: incubators.residency_exit(residency=residency, user=request.user),
    }
    run_button(request, calls[action], done=_("Saved."))
    return redirect("entrepreneurship:operator_residencies")
