"""Holder pages: landing, apply / correct, the digital card with its rotating QR, printable card, report lost,
ask for renewal."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from benefits import selectors, tokens
from benefits.forms import CardApplyForm
from benefits.models import Card, CardApplication, CardRenewal
from benefits.permissions import can_view_card_photo, eligible_holder_kind, is_merchant_member
from benefits.services import cards as card_services
from benefits.services import renewals as renewal_services
from benefits.services.verification import photo_grant_from_link, photo_link
from portal.form_errors import run_button, run_form
from portal.permissions import is_bureau_staff
from portal.qr import qr_data_uri
from portal.uploads import private_file_response


def current_card(user):
    return Card.objects.for_holder(user).current().select_related("station").order_by("-issued_at").first()


def index(request):
    user = request.user
    context = {
        "card": selectors.holder_card(user),
        "eligible": eligible_holder_kind(user) is not None,
        "is_merchant": is_merchant_member(user),
        "is_staff": is_bureau_staff(user),
        "offers": selectors.published_offers()[:6],
    }
    return render(request, "benefits/index.html", context)


def _file_application(user, correcting: CardApplication | None, data: dict):
    """A new application, or the corrected one when staff asked for a correction (the photo is then optional)."""
    if correcting is not None:
        return card_services.card_application_correct(
            application=correcting, photo=data.get("photo"), station=data["station"]
        )
    return card_services.card_application_submit(applicant=user, photo=data["photo"], station=data["station"])


@login_required
def apply(request):
    user = request.user
    application = CardApplication.objects.filter(applicant=user).first()
    correcting = application is not None and application.status == CardApplication.Status.CORRECTION
    profile = getattr(user, "veteran_profile", None)
    initial_region = application.station if correcting else getattr(profile, "region", None)
    form = CardApplyForm(
        request.POST or None, request.FILES or None, initial_region=initial_region, photo_required=not correcting
    )
    if run_form(request, form, lambda d: _file_application(user, application if correcting else None, d)):
        messages.success(request, _("Your application has been submitted for review."))
        return redirect("benefits:apply")
    card = current_card(user)
    context = {
        "form": form,
        "application": application,
        "correcting": correcting,
        "eligible": eligible_holder_kind(user) is not None,
        "card": card,
        "expired_card": None if card else selectors.holder_card(user),
    }
    return render(request, "benefits/apply.html", context)


@login_required
@never_cache
def card(request):
    card = selectors.holder_card(request.user)
    if card is None:
        return redirect("benefits:apply")
    renewals = list(card.renewals.all()[:20])
    pending = next((r for r in renewals if r.is_pending()), None)
    context = {
        "card": card,
        "photo_url": photo_link(card),
        "uses": selectors.holder_uses(request.user)[:50],
        "previous_cards": Card.objects.for_holder(request.user).exclude(pk=card.pk),
        "step_seconds": tokens.STEP_SECONDS,
        "pending_renewal": pending,
        "last_renewal": renewals[0] if renewals else None,
        "renewals": [r for r in renewals if r.status == CardRenewal.Status.APPROVED],
        "renewal_refusal": renewal_services.renewal_refusal(card),
        "valid_years": card_services.CARD_VALID_YEARS,
    }
    return render(request, "benefits/card.html", context)


@login_required
@never_cache
def card_code(request):
    """The current code as JSON (text + QR image); the card page fetches it as the step rolls over."""
    card = current_card(request.user)
    if card is None or not card.is_valid():
        return JsonResponse({"status": card.verification_status() if card else "none"}, status=409)
    code = tokens.dynamic_token(card.token_id)
    body = {
        "code": code,
        "short_code": tokens.short_code(card.token_id),
        "qr": qr_data_uri(tokens.card_link(code)),
        "expires_in": tokens.seconds_left(),
    }
    return JsonResponse(body)


@login_required
@never_cache
def card_print(request):
    card = current_card(request.user)
    if card is None:
        return redirect("benefits:apply")
    code = tokens.printed_token(card.token_id)
    link = tokens.card_link(code)
    context = {"card": card, "code": code, "link": link, "qr": qr_data_uri(link), "photo_url": photo_link(card)}
    return render(request, "benefits/card_print.html", context)


@login_required
@require_POST
def card_report_lost(request):
    card = current_card(request.user)
    if card is None:
        raise Http404
    run_button(
        request,
        lambda: card_services.card_report_lost(card=card, actor=request.user),
        done=_("The lost card no longer works. Your new card is shown below."),
    )
    return redirect("benefits:card")


@login_required
@require_POST
def card_renew(request):
    """The holder asks to renew the card shown on the card page; staff decide."""
    card = selectors.holder_card(request.user)
    if card is None:
        raise Http404
    run_button(
        request,
        lambda: renewal_services.card_renewal_request(card=card, holder=request.user),
        done=_("Your renewal request has been sent to staff for review."),
    )
    return redirect("benefits:card")


@never_cache
def card_photo(request, signed):
    """A card photo behind a signed link that expires (merchants may compare faces, not keep a URL), served only
    to whom benefits.permissions.can_view_card_photo allows; anyone else gets 404, a visitor the sign-in page."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    grant = photo_grant_from_link(signed)
    if grant is None or not can_view_card_photo(request.user, grant.card, merchant_id=grant.merchant_id):
        raise Http404
    return private_file_response(grant.card.photo, stem=f"card-{grant.card.pk}", as_attachment=False)
