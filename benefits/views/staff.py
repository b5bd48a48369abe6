"""Staff pages: application queue and review, card actions, acting for a veteran (代办), statistics."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from benefits import selectors
from benefits.forms import ActForForm, ReasonForm
from benefits.models import Card, CardApplication
from benefits.services import cards as card_services
from benefits.services.verification import photo_link
from portal.permissions import is_bureau_staff


def staff_required(view):
    def wrapped(request, *args, **kwargs):
        if not is_bureau_staff(request.user):
            if not request.user.is_authenticated:
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(request.get_full_path())
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


@staff_required
def staff_home(request):
    status = request.GET.get("status") or CardApplication.Status.SUBMITTED
    applications = CardApplication.objects.filter(status=status).select_related("station", "applicant")
    number = (request.GET.get("card") or "").strip()
    found = Card.objects.filter(number=number).first() if number else None
    context = {
        "page": Paginator(applications.order_by("created_at"), 30).get_page(request.GET.get("page")),
        "status": status,
        "statuses": CardApplication.Status.choices,
        "card_number": number,
        "found_card": found,
        "cards_by_status": selectors.cards_by_status(),
        "card_statuses": Card.Status.choices,
    }
    return render(request, "benefits/staff_home.html", context)


@staff_required
def staff_statistics(request):
    rows = selectors.cards_by_status_and_region()
    stations: dict = {}
    for row in rows:
        entry = stations.setdefault(row["station__code"], {"name": row["station__name"], "counts": {}})
        entry["counts"][row["status"]] = row["n"]
    context = {
        "stations": [
            {"code": code, "name": e["name"], "cells": [e["counts"].get(s, 0) for s, _l in Card.Status.choices]}
            for code, e in sorted(stations.items())
        ],
        "card_statuses": Card.Status.choices,
        "by_industry": selectors.uses_by_industry_month(),
        "by_merchant": selectors.uses_by_merchant_month(),
    }
    return render(request, "benefits/staff_statistics.html", context)


@staff_required
def application_review(request, pk):
    application = get_object_or_404(CardApplication.objects.select_related("applicant", "station"), pk=pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action, reason = request.POST.get("action"), form.cleaned_data["reason"]
        try:
            if action == "approve":
                card_services.card_application_approve(application=application, staff=request.user)
            elif action == "reject":
                card_services.card_application_reject(application=application, staff=request.user, reason=reason)
            elif action == "correct":
                card_services.card_application_request_correction(
                    application=application, staff=request.user, reason=reason
                )
            else:
                raise ValidationError(_("Unknown action."))
        except ValidationError as exc:
            form.add_error(
                "reason" if "reason" in getattr(exc, "error_dict", {}) else None,
                exc.message_dict.get("reason") if hasattr(exc, "error_dict") else exc.messages,
            )
        else:
            messages.success(request, _("The decision has been recorded."))
            return redirect("benefits:staff_home")
    applicant = application.applicant
    context = {
        "application": application,
        "form": form,
        "profile": getattr(applicant, "veteran_profile", None),
        "family": getattr(applicant, "family_profile", None),
        "cards": Card.objects.for_holder(applicant),
    }
    return render(request, "benefits/application_review.html", context)


@staff_required
def application_photo(request, pk):
    from django.http import FileResponse

    application = get_object_or_404(CardApplication, pk=pk)
    response = FileResponse(application.photo.open("rb"))
    response["Cache-Control"] = "private, no-store"
    return response


@staff_required
def card_manage(request, pk):
    card = get_object_or_404(Card.objects.select_related("holder", "station", "previous"), pk=pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action, reason = request.POST.get("action"), form.cleaned_data["reason"]
        actions = {
            "suspend": lambda: card_services.card_suspend(card=card, staff=request.user, reason=reason),
            "reinstate": lambda: card_services.card_reinstate(card=card, staff=request.user),
            "revoke": lambda: card_services.card_revoke(card=card, staff=request.user, reason=reason),
            "lost": lambda: card_services.card_report_lost(card=card, actor=request.user),
        }
        try:
            if action not in actions:
                raise ValidationError(_("Unknown action."))
            result = actions[action]()
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("The card has been updated."))
            return redirect("benefits:card_manage", pk=result.pk)
    context = {
        "card": card,
        "form": form,
        "photo_url": photo_link(card),
        "replacement": getattr(card, "replacement", None),
        "uses": card.uses.select_related("merchant__organization", "offer")[:50],
    }
    return render(request, "benefits/card_manage.html", context)


@staff_required
def act_for(request):
    """代办: staff file an application for a veteran who came to the service station."""
    form = ActForForm(request.POST or None, request.FILES or None, initial_region=None)
    if request.method == "POST" and form.is_valid():
        try:
            application = card_services.card_application_submit(
                applicant=form.applicant,
                photo=form.cleaned_data["photo"],
                station=form.cleaned_data["station"],
                acting_staff=request.user,
            )
        except ValidationError as exc:
            for field, errors in getattr(exc, "message_dict", {None: exc.messages}).items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The application was filed on the veteran's behalf."))
            return redirect("benefits:application_review", pk=application.pk)
    return render(request, "benefits/act_for.html", {"form": form})
