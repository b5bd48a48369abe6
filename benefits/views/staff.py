"""Staff pages: application queue and review, card actions and renewals, statistics. Acting for a veteran (代办) is
in views/acting.py."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from benefits import selectors
from benefits.forms import ReasonForm
from benefits.models import Card, CardApplication, CardRenewal
from benefits.services import cards as card_services
from benefits.services import renewals as renewal_services
from benefits.services.verification import photo_link
from benefits.views.acting import ACT_CARD_LOST
from portal.decorators import staff_required
from portal.form_errors import run_chosen_action
from portal.models.reference import localized
from portal.staff.services import acting_record
from portal.uploads import private_file_response


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
        "pending_renewals": selectors.renewal_queue().count(),
    }
    return render(request, "benefits/staff_home.html", context)


@staff_required
def renewal_queue(request):
    """Renewal requests of holders, oldest first; each opens the card page, where staff decide."""
    page = Paginator(selectors.renewal_queue(), 30).get_page(request.GET.get("page"))
    return render(request, "benefits/renewal_queue.html", {"page": page})


def _uses_chart(rows) -> dict:
    """Months (oldest first) x industries from the aggregated rows, for a stacked Chart.js bar chart."""
    months = sorted({r["month"].strftime("%Y-%m") for r in rows})
    industries: dict = {}
    for r in rows:
        series = industries.setdefault(localized(r, "merchant__industry__"), dict.fromkeys(months, 0))
        series[r["month"].strftime("%Y-%m")] = r["n"]
    return {
        "labels": months,
        "datasets": [{"label": name, "data": list(series.values())} for name, series in sorted(industries.items())],
    }


@staff_required
def staff_statistics(request):
    by_industry = selectors.uses_by_industry_month()
    rows = selectors.cards_by_status_and_region()
    stations: dict = {}
    for row in rows:
        entry = stations.setdefault(row["station__code"], {"name": localized(row, "station__"), "counts": {}})
        entry["counts"][row["status"]] = row["n"]
    context = {
        "stations": [
            {"code": code, "name": e["name"], "cells": [e["counts"].get(s, 0) for s, _l in Card.Status.choices]}
            for code, e in sorted(stations.items())
        ],
        "card_statuses": Card.Status.choices,
        "by_industry": by_industry,
        "uses_chart": _uses_chart(by_industry),
        "by_merchant": selectors.uses_by_merchant_month(),
    }
    return render(request, "benefits/staff_statistics.html", context)


@staff_required
def application_review(request, pk):
    application = get_object_or_404(CardApplication.objects.select_related("applicant", "station"), pk=pk)
    form = ReasonForm(request.POST or None)
    staff, cards = request.user, card_services
    actions = {
        "approve": lambda d: cards.card_application_approve(application=application, staff=staff),
        "reject": lambda d: cards.card_application_reject(application=application, staff=staff, reason=d["reason"]),
        "correct": lambda d: cards.card_application_request_correction(
            application=application, staff=staff, reason=d["reason"]
        ),
    }
    if run_chosen_action(request, form, actions):
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
    application = get_object_or_404(CardApplication, pk=pk)
    return private_file_response(application.photo, stem=f"application-{pk}", as_attachment=False)


@staff_required
def card_manage(request, pk):
    card = get_object_or_404(Card.objects.select_related("holder", "station", "previous"), pk=pk)
    pending = card.renewals.pending().first()
    form = ReasonForm(request.POST or None)
    done = run_chosen_action(request, form, _card_actions(request, card, pending))
    if done:
        action, result = done
        if action == "lost":
            detail = {"replacement": result.pk}
            acting_record(request=request, veteran_user=card.holder, action=ACT_CARD_LOST, target=card, detail=detail)
        messages.success(request, _("The card has been updated."))
        return redirect("benefits:card_manage", pk=result.pk)
    context = {
        "card": card,
        "form": form,
        "photo_url": photo_link(card),
        "replacement": getattr(card, "replacement", None),
        "uses": card.uses.select_related("merchant__organization", "offer")[:50],
        "pending_renewal": pending,
        "renewals": card.renewals.exclude(status=CardRenewal.Status.PENDING).select_related(
            "requested_by", "decided_by"
        )[:50],
        "renewal_refusal": renewal_services.renewal_refusal(card),
    }
    return render(request, "benefits/card_manage.html", context)


def _card_actions(request, card: Card, pending: CardRenewal | None) -> dict:
    staff = request.user
    return {
        "suspend": lambda d: card_services.card_suspend(card=card, staff=staff, reason=d["reason"]),
        "reinstate": lambda d: card_services.card_reinstate(card=card, staff=staff),
        "revoke": lambda d: card_services.card_revoke(card=card, staff=staff, reason=d["reason"]),
        "lost": lambda d: card_services.card_report_lost(card=card, actor=staff),
        # Renewing (with or without the holder's request pending) and approving the request are one act.
        "renew": lambda d: renewal_services.card_renew(card=card, staff=staff).card,
        "renewal_reject": lambda d: (
            renewal_services.card_renewal_reject(
                renewal=_pending_or_error(pending), staff=staff, reason=d["reason"]
            ).card
        ),
    }


def _pending_or_error(renewal: CardRenewal | None) -> CardRenewal:
    if renewal is None:
        raise ValidationError(_("This card has no renewal request waiting for a decision."))
    return renewal
