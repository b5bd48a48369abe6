"""A booth's on-site interview queue: the veteran takes a number (from the booth's page, reached by scanning its
code) and follows it on their ticket page (polled); the booth's members see the queue and call, finish or skip."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from jobs.hiring_selectors import queue_of
from jobs.models import Booth, QueueTicket
from jobs.permissions import can_run_queue
from jobs.services.booth_queue import (
    ahead_of,
    queue_call_next,
    queue_take_number,
    queue_ticket_finish,
    queue_ticket_leave,
)
from jobs.views.common import error_messages


def _booth(pk, booth_pk) -> Booth:
    booth = Booth.objects.select_related("fair", "organization").filter(fair_id=pk, pk=booth_pk).first()
    if booth is None or booth.status != Booth.Status.APPROVED:
        raise Http404
    return booth


def _run_or_404(request, pk, booth_pk) -> Booth:
    booth = _booth(pk, booth_pk)
    if not can_run_queue(request.user, booth):
        raise Http404
    return booth


def _show_errors(request, exc: ValidationError) -> None:
    for message in error_messages(exc):
        messages.error(request, message)


@login_required
@require_POST
def queue_take(request, pk, booth_pk):
    booth = _booth(pk, booth_pk)
    try:
        ticket = queue_take_number(booth=booth, user=request.user, scan_link=request.POST.get("scan", "")[:200])
    except ValidationError as exc:
        _show_errors(request, exc)
        return redirect("jobs:booth_page", pk=pk, booth_pk=booth_pk)
    return redirect("jobs:queue_ticket", pk=ticket.pk)


@login_required
@never_cache
def queue_manage(request, pk, booth_pk):
    booth = _run_or_404(request, pk, booth_pk)
    context = {"booth": booth, "fair": booth.fair, "tickets": queue_of(booth)}
    return render(request, "jobs/queue/manage.html", context)


@login_required
@require_POST
def queue_call_next_view(request, pk, booth_pk):
    booth = _run_or_404(request, pk, booth_pk)
    try:
        ticket = queue_call_next(booth=booth, actor=request.user)
    except ValidationError as exc:
        _show_errors(request, exc)
    else:
        messages.success(request, _("Number %(number)s has been called.") % {"number": ticket.number})
    return redirect("jobs:queue_manage", pk=pk, booth_pk=booth_pk)


@login_required
@require_POST
def queue_ticket_finish_view(request, pk, outcome):
    ticket = get_object_or_404(QueueTicket.objects.select_related("booth__fair"), pk=pk)
    if not can_run_queue(request.user, ticket.booth):
        raise Http404
    try:
        queue_ticket_finish(ticket=ticket, actor=request.user, outcome=outcome)
    except ValidationError as exc:
        _show_errors(request, exc)
    return redirect("jobs:queue_manage", pk=ticket.booth.fair_id, booth_pk=ticket.booth_id)


def _own_ticket(request, pk) -> QueueTicket:
    return get_object_or_404(
        QueueTicket.objects.select_related("booth__fair", "booth__organization"), pk=pk, user=request.user
    )


def ticket_state(ticket: QueueTicket) -> dict:
    return {
        "number": ticket.number,
        "status": ticket.status,
        "status_label": str(ticket.get_status_display()),
        "ahead": ahead_of(ticket),
    }


@login_required
@never_cache
def queue_ticket(request, pk):
    ticket = _own_ticket(request, pk)
    return render(request, "jobs/queue/ticket.html", {"ticket": ticket, "state": ticket_state(ticket)})


@login_required
@never_cache
def queue_ticket_status(request, pk):
    """What the ticket page polls: the number, its state and how many are ahead."""
    return JsonResponse(ticket_state(_own_ticket(request, pk)))


@login_required
@require_POST
def queue_ticket_leave_view(request, pk):
    ticket = _own_ticket(request, pk)
    try:
        queue_ticket_leave(ticket=ticket, user=request.user)
    except ValidationError as exc:
        _show_errors(request, exc)
    else:
        messages.success(request, _("You have left the queue."))
    return redirect("jobs:queue_ticket", pk=pk)
