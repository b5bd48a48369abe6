"""Where a card's QR code leads (any phone camera opens it) and the printable PDF card.

The link is GET-safe: whoever opens it, nothing is recorded. A merchant member sees the counter page with the
result and confirms a use with a POST; anyone else learns only what kind of code this is, never whose."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from benefits import tokens
from benefits.permissions import is_merchant_member
from benefits.views.holder import current_card
from benefits.views.merchant import card_link_for_member
from portal.middleware import permissions_policy
from portal.printing import a6_card_pdf, pdf_response


@require_GET  # opened by any phone camera: it only shows; the recording is a POST to the counter/door
@never_cache
@permissions_policy(camera=["self"])  # a merchant member gets the counter page, which scans the next card
def card_link(request, token):
    if is_merchant_member(request.user):
        return card_link_for_member(request, token)
    parsed = tokens.parse_token(token)
    return render(request, "benefits/card_link.html", {"code": parsed, "printed": parsed.printed})


@login_required
@never_cache
def card_print_pdf(request):
    """The holder's printable card: A6, the printed (long-lived) link in the QR code, no numeric short code."""
    card = current_card(request.user)
    if card is None:
        return redirect("benefits:apply")
    code = tokens.printed_token(card.token_id)
    content = a6_card_pdf(
        title=card.title,
        rows=[
            (_("Name"), card.masked_name),
            (_("Card number"), card.masked_number),
            (_("Valid"), f"{card.valid_from:%Y-%m-%d} – {card.valid_until:%Y-%m-%d}"),
        ],
        link=tokens.card_link(code),
        code=code,
        notes=[
            _("Partner merchants scan the QR code, or type the code printed under it."),
            _(
                "A printed card has no numeric short code; the numeric code is shown only in the app and changes "
                "every minute."
            ),
            _("This printed code stops working when the card is reported lost, suspended or revoked."),
        ],
    )
    return pdf_response(content, f"benefit-card-{card.pk}.pdf")
