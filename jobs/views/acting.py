"""Acting for a veteran at the bureau's counter (代办): register them for a fair, apply to a position for them.
The staff member first chooses the veteran in /staff/act/; each act is written to the audit log on their behalf."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from jobs.forms import IN_PERSON_SHARING_CONSENT
from jobs.models import JobFair, Position
from jobs.services.applications import application_submit
from jobs.services.fair_registrations import fair_register
from portal.form_errors import add_service_errors
from portal.models import Consent
from portal.staff.acting import acting_required
from portal.staff.services import acting_record


class ActingFairRegisterForm(forms.Form):
    fair = forms.ModelChoiceField(queryset=JobFair.objects.none(), label=gettext_lazy("Job fair"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        now = timezone.now()
        self.fields["fair"].queryset = JobFair.objects.filter(
            is_published=True, registration_opens_at__lte=now, registration_closes_at__gte=now
        ).order_by("starts_at", "pk")


class ActingApplyForm(forms.Form):
    position = forms.IntegerField(
        label=gettext_lazy("Position number"),
        min_value=1,
        help_text=gettext_lazy("The number at the end of the position's address, e.g. 1234 in /jobs/1234/."),
    )
    note = forms.CharField(
        label=gettext_lazy("Note to the employer"), required=False, max_length=2000, widget=forms.Textarea({"rows": 3})
    )
    # Asked of the veteran at the counter; recorded with the staff member who took it (a live consent also does).
    share_consent = forms.BooleanField(label=IN_PERSON_SHARING_CONSENT, required=False)

    def clean_position(self):
        position = Position.objects.filter(pk=self.cleaned_data["position"]).select_related("organization").first()
        if position is None or not position.is_published():
            raise ValidationError(_("There is no published position with this number."))
        return position


def _form_page(request, form, title):
    return render(
        request,
        "staff/act_form.html",
        {"form": form, "veteran": request.acting_for, "title": title},
        status=400 if form.errors else 200,
    )


def _service_errors(form, exc: ValidationError):
    for message in exc.messages:
        form.add_error(None, message)


@acting_required
@require_http_methods(["GET", "POST"])
def act_fair_register(request):
    veteran_user = request.acting_for
    form = ActingFairRegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fair = form.cleaned_data["fair"]
        try:
            registration = fair_register(fair=fair, user=veteran_user)
        except ValidationError as exc:
            _service_errors(form, exc)
        else:
            acting_record(
                request=request,
                veteran_user=veteran_user,
                action="jobs.fair_register",
                target=fair,
                detail={"registration": registration.pk, "seat": registration.seat},
            )
            messages.success(request, _("The veteran is registered for %(fair)s.") % {"fair": fair.title})
            return redirect("portal:staff_act_home")
    return _form_page(request, form, _("Register the veteran for a job fair"))


@acting_required
@require_http_methods(["GET", "POST"])
def act_apply(request):
    veteran_user = request.acting_for
    form = ActingApplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        position = form.cleaned_data["position"]
        try:
            application = application_submit(
                position=position,
                veteran=veteran_user,
                share_consent=form.cleaned_data["share_consent"],
                channel=Consent.Channel.COUNTER,
                recorded_by=request.user,
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            acting_record(
                request=request,
                veteran_user=veteran_user,
                action="jobs.position_apply",
                target=position,
                detail={"application": application.pk},
            )
            messages.success(
                request, _("The application for %(position)s has been sent.") % {"position": position.title}
            )
            return redirect("portal:staff_act_home")
    return _form_page(request, form, _("Apply to a position for the veteran"))
