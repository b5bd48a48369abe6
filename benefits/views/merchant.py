"""Merchant pages: alliance membership, offers, the counter verification page (phone), own uses."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from rest_framework.throttling import SimpleRateThrottle

from benefits import selectors
from benefits.forms import ConfirmUseForm, MerchantJoinForm, OfferForm, OfferLocationFormSet, VerifyForm
from benefits.models import Merchant, Offer
from benefits.permissions import first_merchant_id, user_merchants
from benefits.services.merchants import merchant_join, offer_save
from benefits.services.verification import card_use_record, card_verify
from portal.api.throttling import count_in_window
from portal.middleware import permissions_policy
from portal.models import Organization
from portal.permissions import member_organizations


def _my_merchant(request) -> Merchant:
    """The merchant the member works for (?m=<id> when more than one); 404 for non-members."""
    wanted = request.GET.get("m") or request.POST.get("m")
    if not (wanted and wanted.isdigit()):
        wanted = first_merchant_id(request.user)
    merchant = user_merchants(request.user).filter(pk=wanted).first() if wanted else None
    if merchant is None:
        raise Http404
    return merchant


def verify_rate_allowed(user) -> bool:
    """Same per-member limit as the API's `card_verify` throttle scope (None in settings = unlimited)."""
    rate = settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {}).get("card_verify")
    if not rate:
        return True
    limit, period = SimpleRateThrottle.parse_rate(None, rate)
    window = int(time.time() // period)
    return count_in_window(cache, f"benefits:verify-page:{user.pk}:{window}", period + 1) <= limit


@login_required
def merchant_home(request):
    joinable = member_organizations(request.user, org_type=Organization.Type.MERCHANT).filter(
        benefits_merchant__isnull=True
    )
    join_form = MerchantJoinForm(request.POST or None)
    if request.method == "POST" and joinable.exists() and join_form.is_valid():
        try:
            merchant_join(organization=joinable.first(), industry=join_form.cleaned_data["industry"])
        except ValidationError as exc:
            join_form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Welcome to the alliance. You can now publish offers and verify cards."))
            return redirect("benefits:merchant_home")
    merchants = list(user_merchants(request.user))
    if not merchants and not joinable.exists():
        raise Http404
    merchant = _my_merchant(request) if merchants else None
    uses = Paginator(selectors.merchant_uses(merchant), 30).get_page(request.GET.get("page")) if merchant else None
    context = {
        "merchant": merchant,
        "merchants": merchants,
        "joinable": joinable.first(),
        "join_form": join_form,
        "offers": merchant.offers.select_related("industry").order_by("-created_at") if merchant else [],
        "page": uses,
    }
    return render(request, "benefits/merchant_home.html", context)


@login_required
def offer_edit(request, pk=None):
    """New or own offer with its locations (an inline formset). Another merchant's offer is a 404."""
    merchant = _my_merchant(request)
    offer = get_object_or_404(Offer, pk=pk, merchant=merchant) if pk else None
    data = request.POST if request.method == "POST" else None
    form = OfferForm(data, instance=offer, initial={} if offer else {"industry": merchant.industry})
    locations = OfferLocationFormSet(data, instance=offer or Offer(merchant=merchant), prefix="locations")
    if data is not None and all([form.is_valid(), locations.is_valid()]):  # a list: both show their errors
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            offer_save(merchant=merchant, data=fields, locations=locations.locations(), offer=offer)
        except ValidationError as exc:
            for field, errors in getattr(exc, "message_dict", {None: exc.messages}).items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The offer has been saved."))
            return redirect("benefits:merchant_home")
    context = {"form": form, "locations": locations, "offer": offer, "merchant": merchant}
    return render(request, "benefits/offer_form.html", context)


def _check(merchant, token, member) -> dict:
    """The result of a read-only check and the form that confirms a use (the counter page's context)."""
    result = card_verify(token=token, merchant=merchant, member=member)
    return {"result": result, "confirm_form": ConfirmUseForm(initial={"token": token}, offers=result.offers)}


def _confirm(request, merchant, token) -> dict:
    """Record a use, on the explicit confirmation of a member who has just seen the result."""
    result = card_verify(token=token, merchant=merchant, member=request.user)
    confirm_form = ConfirmUseForm(request.POST, offers=result.offers)
    use, created = None, False
    if result.is_valid and confirm_form.is_valid():
        try:
            result, use, created = card_use_record(
                token=token, merchant=merchant, member=request.user, offer=confirm_form.cleaned_data.get("offer")
            )
        except ValidationError as exc:
            confirm_form.add_error(None, exc.messages)
        if use is not None:
            result = card_verify(token=token, merchant=merchant, member=request.user)
    return {"result": result, "confirm_form": confirm_form, "use": use, "use_created": created}


def counter_page(request, merchant, form, found: dict):
    context = {"merchant": merchant, "form": form, "result": None, "confirm_form": None, **found}
    return render(request, "benefits/verify.html", context)


@login_required
@never_cache
@permissions_policy(camera=["self"])  # the counter scans the holder's QR code with the phone's camera
def verify(request):
    """The counter page: scan or type a code (a card link, its token or its short code), see the status, confirm
    to record a use."""
    merchant = _my_merchant(request)
    form, found = VerifyForm(), {}
    if request.method == "POST":
        form = VerifyForm(request.POST)
        if not verify_rate_allowed(request.user):
            form.add_error(None, _("Too many verifications in a minute. Please wait a moment and try again."))
        elif form.is_valid():
            token = form.cleaned_data["token"]
            confirming = request.POST.get("action") == "confirm"
            found = _confirm(request, merchant, token) if confirming else _check(merchant, token, request.user)
            if found.get("use"):
                form = VerifyForm()  # recorded: the field is ready for the next card
    return counter_page(request, merchant, form, found)


def card_link_for_member(request, token):
    """A card link opened by a merchant member: the counter page with the result, read-only until confirmed."""
    merchant = _my_merchant(request)
    if not verify_rate_allowed(request.user):
        form = VerifyForm()
        form.add_error(None, _("Too many verifications in a minute. Please wait a moment and try again."))
        return counter_page(request, merchant, form, {})
    return counter_page(request, merchant, VerifyForm(), _check(merchant, token, request.user))
