"""The staff workbench's queues of this app: competitions by stage of their workflow, mentor applications to
decide, interest-subsidy settlements to approve. Each button calls the same service as the admin action and the API."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from entrepreneurship.forms import ReasonForm
from entrepreneurship.models import Competition, LoanApplication, MentorProfile, SubsidySettlement
from entrepreneurship.services import mentors, settlements
from entrepreneurship.views.common import unknown_action
from portal.decorators import staff_required
from portal.exceptions import AccessDenied


@staff_required
def competitions_queue(request):
    items = Competition.objects.exclude(status=Competition.Status.CLOSED).annotate(
        entry_count=Count("entries", distinct=True), judge_count=Count("judges", distinct=True)
    )
    return render(request, "entrepreneurship/staff_competitions.html", {"items": items.order_by("status", "pk")})


@staff_required
def mentor_queue(request):
    status = request.GET.get("status") or MentorProfile.Status.PENDING
    if status not in MentorProfile.Status.values:
        status = MentorProfile.Status.PENDING
    items = MentorProfile.objects.filter(status=status).select_related("user").order_by("created_at", "pk")
    page = Paginator(items, 25).get_page(request.GET.get("page"))
    context = {"page": page, "status": status, "statuses": MentorProfile.Status.choices, "form": ReasonForm()}
    return render(request, "entrepreneurship/staff_mentors.html", context)


@require_POST
@staff_required
def mentor_decide(request, pk, decision):
    profile = get_object_or_404(MentorProfile, pk=pk)
    if decision not in ("approve", "reject"):
        return unknown_action(request)
    try:
        mentors.mentor_review(
            profile=profile,
            staff_user=request.user,
            approve=decision == "approve",
            reason=request.POST.get("reason", ""),
        )
    except (ValidationError, AccessDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("Decided: %(name)s") % {"name": profile.display_name})
    return redirect("entrepreneurship:staff_mentors")


@staff_required
def settlement_queue(request):
    today = timezone.localdate()
    status = request.GET.get("status") or SubsidySettlement.Status.PENDING
    if status not in SubsidySettlement.Status.values:
        status = SubsidySettlement.Status.PENDING
    items = SubsidySettlement.objects.filter(
        status=status, application__status=LoanApplication.Status.DISBURSED
    ).select_related("application__enterprise", "application__product__bank", "approved_by")
    if status == SubsidySettlement.Status.PENDING:
        items = items.filter(period_end__lte=today)  # due: the quarter has ended
    page = Paginator(items.order_by("period_end", "pk"), 25).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "status": status,
        "showing_pending": status == SubsidySettlement.Status.PENDING,
        "statuses": SubsidySettlement.Status.choices,
        "today": today,
    }
    return render(request, "entrepreneurship/staff_settlements.html", context)


@require_POST
@staff_required
def settlement_approve(request, pk):
    settlement = get_object_or_404(SubsidySettlement, pk=pk)
    try:
        settlements.settlement_approve(settlement=settlement, user=request.user)
    except (ValidationError, AccessDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("Settlement approved: %(quarter)s") % {"quarter": settlement.quarter})
    return redirect("entrepreneurship:staff_settlements")
