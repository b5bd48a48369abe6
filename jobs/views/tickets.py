"""Fair tickets beyond the ticket page: the current code as JSON (the page refreshes it), the printable PDF ticket,
and the page a ticket's QR link opens.

The link page is GET-safe: door staff of the ticket's fair see who it is (masked) and a button whose POST, to the
door scanner, is the check-in; the holder is sent to their ticket; anyone else learns only which fair it is for."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from jobs.models import FairRegistration
from jobs.permissions import can_check_in_at
from jobs.services.tickets import ROTATING, check_in_token, check_in_token_read, ticket_link, ticket_short_code
from jobs.services.tickets import ticket_token as rotating_ticket_token
from portal.printing import a6_card_pdf, pdf_response
from portal.qr import qr_data_uri


def ticket_codes(registration) -> dict:
    token = rotating_ticket_token(registration)
    return {
        "token": token,
        "short_code": ticket_short_code(registration),
        "qr": qr_data_uri(ticket_link(token)),
        "expires_in": ROTATING.seconds_left(),
    }


def _own_registration(request, pk):
    return get_object_or_404(FairRegistration.objects.select_related("fair"), fair_id=pk, user=request.user)


@login_required
@never_cache
def ticket_code(request, pk):
    return JsonResponse(ticket_codes(_own_registration(request, pk)))


@login_required
@never_cache
def ticket_pdf(request, pk):
    """The printable ticket: A6, the long-lived printed code's link in the QR code, no numeric short code."""
    registration = _own_registration(request, pk)
    fair = registration.fair
    code = check_in_token(registration)
    content = a6_card_pdf(
        title=_("Job fair entry ticket"),
        rows=[
            (_("Fair"), fair.title),
            (_("Time"), f"{timezone.localtime(fair.starts_at):%Y-%m-%d %H:%M}"),
            (_("Venue"), fair.venue or fair.get_kind_display()),
            (_("Place"), str(registration.seat or "")),
        ],
        link=ticket_link(code),
        code=code,
        notes=[
            _("Show this ticket at the entrance and at the booths; staff scan the QR code or type the code under it."),
            _(
                "A printed ticket has no numeric short code; the numeric code is shown only in the app and changes "
                "every minute."
            ),
            _("The code carries no personal data and expires after the fair."),
        ],
    )
    return pdf_response(content, f"fair-ticket-{registration.pk}.pdf")


@require_GET  # opened by any phone camera: it only shows; the recording is a POST to the counter/door
@never_cache
def ticket_link_page(request, token):
    try:
        registration_id = check_in_token_read(token)
    except ValidationError as exc:
        return render(request, "jobs/fairs/ticket_link.html", {"refusal": exc.messages[0]})
    registration = FairRegistration.objects.select_related("fair", "user").filter(pk=registration_id).first()
    if registration is None:
        return render(request, "jobs/fairs/ticket_link.html", {"refusal": _("This ticket no longer exists.")})
    fair = registration.fair
    if request.user.is_authenticated and registration.user_id == request.user.pk:
        return redirect("jobs:fair_ticket", pk=fair.pk)
    context = {"fair": fair, "registration": registration, "token": token}
    if request.user.is_authenticated and can_check_in_at(request.user, fair):
        profile = getattr(registration.user, "veteran_profile", None) or getattr(
            registration.user, "family_profile", None
        )
        context.update(steward=True, name=profile.masked_name if profile else "")
    return render(request, "jobs/fairs/ticket_link.html", context)
