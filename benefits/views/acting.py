"""Acting for a veteran (代办): filing a card application at the service station, and the workbench's card actions
(apply, report lost, renew) for the veteran chosen there (request.acting_for)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from benefits import selectors
from benefits.forms import ActForForm, CardApplyForm
from benefits.models import Card, CardApplication
from benefits.services import cards as card_services
from benefits.services import renewals as renewal_services
from benefits.views.common import add_service_errors
from portal.decorators import staff_required
from portal.staff.acting import acting_required
from portal.staff.services import acting_record

ACT_CARD_APPLY = "benefits.card_apply"
ACT_CARD_LOST = "benefits.card_report_lost"
ACT_CARD_RENEW = "benefits.card_renew"


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
            acting_record(request=request, veteran_user=form.applicant, action=ACT_CARD_APPLY, target=application)
            messages.success(request, _("The application was filed on the veteran's behalf."))
            return redirect("benefits:application_review", pk=application.pk)
    return render(request, "benefits/act_for.html", {"form": form})


@acting_required
def act_card_apply(request):
    """代办 from the staff workbench: apply for a card for the veteran chosen there (request.acting_for)."""
    veteran_user = request.acting_for
    form = CardApplyForm(
        request.POST or None, request.FILES or None, initial_region=veteran_user.veteran_profile.region
    )
    if request.method == "POST" and form.is_valid():
        try:
            application = card_services.card_application_submit(
                applicant=veteran_user,
                photo=form.cleaned_data["photo"],
                station=form.cleaned_data["station"],
                acting_staff=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            acting_record(request=request, veteran_user=veteran_user, action=ACT_CARD_APPLY, target=application)
            messages.success(request, _("The application was filed on the veteran's behalf."))
            return redirect("portal:staff_act_home")
    context = {
        "form": form,
        "veteran": veteran_user,
        "title": _("Apply for a benefit card"),
        "multipart": True,
        "applications": CardApplication.objects.filter(applicant=veteran_user).order_by("-created_at")[:5],
        "cards": Card.objects.for_holder(veteran_user).order_by("-issued_at")[:5],
    }
    return render(request, "benefits/act_card_apply.html", context, status=400 if form.errors else 200)


def _card_act(request, card, *, perform, action, detail, success, template, context):
    """A 代办 on the veteran's card that only needs confirming: on POST, `perform()` runs the service and the act is
    recorded with `detail(result)`; the service's refusal is shown on the page (400). `context()` gives the page's
    own context, worked out only when the page is shown (after a refusal, so it reflects the card as it is)."""
    # No fields: it carries the service's errors to the page (bound on POST, even an empty one, so it validates).
    form = forms.Form(request.POST if request.method == "POST" else None)
    if request.method == "POST" and card is not None and form.is_valid():
        try:
            result = perform()
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            acting_record(
                request=request, veteran_user=request.acting_for, action=action, target=card, detail=detail(result)
            )
            messages.success(request, success)
            return redirect("portal:staff_act_home")
    context = {"veteran": request.acting_for, "card": card, "form": form, **context()}
    return render(request, template, context, status=400 if form.errors else 200)


@acting_required
def act_card_lost(request):
    """代办: the veteran reports their card lost at the counter; a replacement is issued at once."""
    card = (
        Card.objects.for_holder(request.acting_for).current().select_related("station").order_by("-issued_at").first()
    )
    return _card_act(
        request,
        card,
        perform=lambda: card_services.card_report_lost(card=card, actor=request.user),
        action=ACT_CARD_LOST,
        detail=lambda new_card: {"replacement": new_card.pk},
        success=_("The card was reported lost and a replacement issued."),
        template="benefits/act_card_lost.html",
        context=lambda: {"title": _("Report a benefit card lost")},
    )


@acting_required
def act_card_renew(request):
    """代办: staff renew the veteran's card at the counter, at once (the bureau is the one reviewing)."""
    card = selectors.holder_card(request.acting_for)
    return _card_act(
        request,
        card,
        perform=lambda: renewal_services.card_renew(card=card, staff=request.user),
        action=ACT_CARD_RENEW,
        detail=lambda renewal: {"renewal": renewal.pk, "valid_until": renewal.new_valid_until.isoformat()},
        success=_("The card was renewed."),
        template="benefits/act_card_renew.html",
        context=lambda: {
            "title": _("Renew a benefit card"),
            "renewal_refusal": renewal_services.renewal_refusal(card) if card else None,
            "pending_renewal": card.renewals.pending().first() if card else None,
        },
    )
