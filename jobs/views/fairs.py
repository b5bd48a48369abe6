"""Job fair pages: list, public page with statistics and live stream, registration and personal QR ticket,
the door/booth scanner, an employer's booth (apply, intents), and the booth's "scan to apply" page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from jobs.fair_places import booth_places, fair_places, fairs_with_places
from jobs.forms import BoothApplyForm, CheckInForm, IntentForm
from jobs.models import Application, Booth, FairRegistration, JobFair, Position, QueueTicket
from jobs.permissions import can_check_in_at, can_manage_booth, employer_organizations
from jobs.selectors import fair_stats
from jobs.services.booths import booth_apply
from jobs.services.fair_registrations import fair_check_in, fair_register, fair_registration_cancel
from jobs.services.intents import intent_record
from jobs.services.scan_links import booth_scan_path, booth_scan_token_read, booth_scan_url
from jobs.services.tickets import ticket_link, ticket_registration, ticket_token
from jobs.views.common import add_service_errors, error_messages, paginate
from jobs.views.tickets import ticket_codes
from portal.form_errors import run_form
from portal.middleware import permissions_policy
from portal.permissions import is_bureau_staff
from portal.qr import qr_svg
from portal.replica import reads_from_replica


@reads_from_replica
def fair_list(request):
    fairs = fairs_with_places(JobFair.objects.published().select_related("region").order_by("-starts_at"))
    return render(request, "jobs/fairs/list.html", {"fairs": fairs})


BOOTHS_PER_PAGE = 20


def _approved_booths(fair):
    return (
        Booth.objects.filter(fair=fair, status=Booth.Status.APPROVED)
        .select_related("organization")
        .prefetch_related(Prefetch("positions", queryset=Position.objects.published().select_related("region")))
        .order_by("number")
    )


def fair_detail(request, pk):
    fair = get_object_or_404(JobFair.objects.published().select_related("region"), pk=pk)
    registration = None
    applied_ids = set()
    if request.user.is_authenticated:
        registration = FairRegistration.objects.filter(fair=fair, user=request.user).first()
        applied_ids = set(Application.objects.filter(veteran=request.user).values_list("position_id", flat=True))
    context = {
        "fair": fair,
        # A fair of hundreds of booths and thousands of positions: twenty booths (and their positions) a page.
        "booths": paginate(request, _approved_booths(fair), BOOTHS_PER_PAGE),
        "stats": fair_stats(fair),
        "registration": registration,
        "places": fair_places(fair),
        "booth_places": booth_places(fair),
        "applied_ids": applied_ids,
        "can_scan": request.user.is_authenticated and can_check_in_at(request.user, fair),
        "is_employer": request.user.is_authenticated and employer_organizations(request.user).exists(),
    }
    return render(request, "jobs/fairs/detail.html", context)


@login_required
@require_POST
def fair_register_view(request, pk):
    fair = get_object_or_404(JobFair.objects.published(), pk=pk)
    try:
        fair_register(fair=fair, user=request.user)
    except ValidationError as exc:
        for message in error_messages(exc):
            messages.error(request, message)
        return redirect("jobs:fair_detail", pk=pk)
    messages.success(request, _("You are registered. Show this QR code at the entrance."))
    return redirect("jobs:fair_ticket", pk=pk)


@login_required
@require_POST
def fair_registration_cancel_view(request, pk):
    fair = get_object_or_404(JobFair.objects.published(), pk=pk)
    try:
        fair_registration_cancel(fair=fair, user=request.user)
    except ValidationError as exc:
        for message in error_messages(exc):
            messages.error(request, message)
    else:
        messages.success(request, _("Your registration has been cancelled and the place given back."))
    return redirect("jobs:fair_detail", pk=pk)


def _own_registration(request, pk):
    return get_object_or_404(FairRegistration.objects.select_related("fair"), fair_id=pk, user=request.user)


@login_required
@never_cache
@permissions_policy(camera=["self"])  # the veteran may scan a booth's "scan to apply" code from the ticket page
def fair_ticket(request, pk):
    """The veteran's phone ticket: a rotating QR link and short code (refreshed by rotating-code.js)."""
    registration = _own_registration(request, pk)
    context = {"registration": registration, "fair": registration.fair, **ticket_codes(registration)}
    return render(request, "jobs/fairs/ticket.html", context)


@login_required
@never_cache
def fair_ticket_qr(request, pk):
    registration = _own_registration(request, pk)
    return HttpResponse(qr_svg(ticket_link(ticket_token(registration))), content_type="image/svg+xml")


@login_required
@require_http_methods(["GET", "POST"])
@permissions_policy(camera=["self"])  # the door scans tickets with the camera
def fair_scan(request, pk):
    """Door or booth scanner: the camera (static/js/scanner.js) fills the code field, or staff type the ticket's
    8-digit number; the form's POST is the check-in. A scanned ticket link lands on jobs.views.tickets.ticket_link,
    which asks for this same POST."""
    fair = get_object_or_404(JobFair, pk=pk)
    if not can_check_in_at(request.user, fair):
        raise Http404
    form = CheckInForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            registration, already = fair_check_in(
                fair=fair,
                token=form.cleaned_data["token"],
                actor=request.user,
                override=form.cleaned_data["override"],
                override_reason=form.cleaned_data["override_reason"],
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            profile = getattr(registration.user, "veteran_profile", None) or getattr(
                registration.user, "family_profile", None
            )
            result = {"registration": registration, "already": already, "name": profile.masked_name if profile else ""}
            form = CheckInForm()
    context = {"fair": fair, "form": form, "result": result, "can_override": is_bureau_staff(request.user)}
    return render(request, "jobs/fairs/scan.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
@permissions_policy(camera=["self"])  # the booth scans a checked-in veteran's ticket to record an intent
def fair_booth(request, pk):
    """An employer's booth at a fair: apply for one, then record intents for checked-in veterans."""
    fair = get_object_or_404(JobFair.objects.published(), pk=pk)
    organizations = employer_organizations(request.user)
    organization = organizations.first()
    if organization is None:
        raise Http404
    booth = Booth.objects.filter(fair=fair, organization__in=organizations).select_related("organization").first()
    if booth is None:
        published = Position.objects.published().filter(organization=organization)
        form = BoothApplyForm(request.POST or None, positions=published)
        done = run_form(request, form, lambda data: _booth_apply(request, fair, organization, data))
        success = _("Your booth request has been sent to the organizers.")
    else:
        form = IntentForm(request.POST or None, positions=booth.positions.all())
        done = run_form(request, form, lambda data: _intent_record(request, fair, booth, data))
        success = _("The intent to hire has been recorded.")
    if done:
        messages.success(request, success)
        return redirect("jobs:fair_booth", pk=pk)
    return render(
        request, "jobs/fairs/booth.html", _booth_context(fair, booth, form), status=400 if form.errors else 200
    )


def _booth_context(fair, booth, form) -> dict:
    """Without a booth the page asks for one (apply_form); with one it records intents and lists them."""
    if booth is None:
        return {"fair": fair, "booth": None, "apply_form": form, "intent_form": None}
    return {
        "fair": fair,
        "booth": booth,
        "apply_form": None,
        "intent_form": form,
        "intents": booth.intents.select_related("position", "registration__user__veteran_profile"),
        "booth_url": booth_scan_path(booth) if booth.status == Booth.Status.APPROVED else "",
    }


def _booth_apply(request, fair, organization, data):
    return booth_apply(
        fair=fair, organization=organization, user=request.user, positions=data["positions"], note=data["note"]
    )


def _intent_record(request, fair, booth, data):
    return intent_record(
        booth=booth,
        registration=ticket_registration(data["token"], fair=fair, actor=request.user),
        position=data["position"],
        actor=request.user,
        share_consent=data["share_consent"],
        note=data["note"],
    )


def booth_page(request, pk, booth_pk):
    """Where a booth's "scan to apply" QR code leads: its positions with one-tap apply. The signed token of the
    link (?scan=) is passed on to the apply forms when it is this booth's; otherwise they apply as at the fair."""
    booth = get_object_or_404(_approved_booths(get_object_or_404(JobFair, pk=pk)), pk=booth_pk)
    scan = request.GET.get("scan", "")[:200]
    if booth_scan_token_read(scan) != (booth.fair_id, booth.pk):
        scan = ""
    applied_ids, my_ticket = set(), None
    if request.user.is_authenticated:
        applied_ids = set(Application.objects.filter(veteran=request.user).values_list("position_id", flat=True))
        my_ticket = booth.queue_tickets.filter(user=request.user, status__in=QueueTicket.OPEN).first()
    context = {"booth": booth, "fair": booth.fair, "applied_ids": applied_ids, "scan": scan, "my_ticket": my_ticket}
    return render(request, "jobs/fairs/booth_public.html", context)


@login_required
def booth_qr(request, pk, booth_pk):
    """The booth's signed "scan to apply" QR code, for the booth's own employer (and staff) to show or print."""
    booth = get_object_or_404(Booth, fair_id=pk, pk=booth_pk, status=Booth.Status.APPROVED)
    if not (is_bureau_staff(request.user) or can_manage_booth(request.user, booth)):
        raise Http404
    return HttpResponse(qr_svg(booth_scan_url(booth)), content_type="image/svg+xml")
