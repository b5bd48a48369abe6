"""Veteran enterprise pages: my projects, register / edit, become an employer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from entrepreneurship.forms import EnterpriseForm
from entrepreneurship.models import Enterprise
from entrepreneurship.services import enterprises
from entrepreneurship.views.common import call_service, form_page
from portal.form_errors import run_button
from portal.permissions import is_veteran


@login_required
def enterprise_list(request):
    items = Enterprise.objects.of_founder(request.user).select_related("region", "organization")
    return render(
        request, "entrepreneurship/enterprise_list.html", {"items": items, "can_register": is_veteran(request.user)}
    )


@login_required
def enterprise_detail(request, pk):
    enterprise = get_object_or_404(Enterprise.objects.of_founder(request.user), pk=pk)
    return render(
        request,
        "entrepreneurship/enterprise_detail.html",
        {
            "enterprise": enterprise,
            "residencies": enterprise.residencies.select_related("base"),
            "entries": enterprise.competition_entries.select_related("competition", "stage"),
            "loans": enterprise.loan_applications.select_related("product__bank"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def enterprise_edit(request, pk=None):
    instance = get_object_or_404(Enterprise.objects.of_founder(request.user), pk=pk) if pk else None
    form = EnterpriseForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form, enterprises.enterprise_save, founder=request.user, data=form.enterprise_data(), enterprise=instance
        )
        if saved:
            messages.success(request, _("Your project has been saved."))
            return redirect("entrepreneurship:enterprise_detail", pk=saved.pk)
    title = _("Edit project") if instance else _("Register a project or company")
    return form_page(request, form=form, title=title, submit=_("Save"))


@login_required
@require_POST
def enterprise_become_employer(request, pk):
    enterprise = get_object_or_404(Enterprise.objects.of_founder(request.user), pk=pk)
    run_button(
        request,
        lambda: enterprises.enterprise_become_employer(enterprise=enterprise, user=request.user),
        done=_(
            "Your company is registered as an employer and awaits verification by staff. "
            "Once verified, you can post positions in the jobs section."
        ),
    )
    return redirect("entrepreneurship:enterprise_detail", pk=pk)
