"""The applicant's interview pages: pick an offered time, ask for another, reschedule or cancel a booking, and the
list of their interviews. Interviews are fetched among the user's own applications only (another's is a 404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jobs.hiring_forms import ApplicantRescheduleForm, PickForm, ReasonForm, RetimeForm
from jobs.models import Interview
from jobs.services.interviews import interview_cancel, interview_pick, interview_request_retime, interview_reschedule
from portal.form_errors import run_form


def _own_or_404(request, pk) -> Interview:
    interviews = Interview.objects.filter(application__veteran=request.user)
    return get_object_or_404(interviews.select_related("application__position__organization", "booked_slot"), pk=pk)


def _pickable(interview):
    return interview.offered_slots.filter(booking__isnull=True, starts_at__gt=timezone.now()).order_by("starts_at")


def _detail(request, interview, status=200, **forms):
    slots = _pickable(interview)
    context = {
        "interview": interview,
        "application": interview.application,
        "slot": interview.slot(),
        "events": interview.events.all(),
        "pick_form": forms.get("pick_form") or PickForm(slots=slots),
        "retime_form": forms.get("retime_form") or RetimeForm(),
        "reschedule_form": forms.get("reschedule_form") or ApplicantRescheduleForm(slots=slots),
        "cancel_form": forms.get("cancel_form") or ReasonForm(),
    }
    return render(request, "jobs/interviews/veteran_detail.html", context, status=status)


def _submit(request, interview, form, call, *, done: str, form_name: str):
    """Validate the form, call the service, then back to the interview page (or the page with the errors)."""
    if run_form(request, form, call):
        messages.success(request, done)
        return redirect("jobs:interview", pk=interview.pk)
    return _detail(request, interview, status=400, **{form_name: form})


@login_required
def interview_detail(request, pk):
    return _detail(request, _own_or_404(request, pk))


@login_required
@require_POST
def interview_pick_view(request, pk):
    interview = _own_or_404(request, pk)
    form = PickForm(request.POST, slots=interview.offered_slots.all())

    def call(data):
        interview_pick(interview=interview, actor=request.user, slot=data["slot"])

    return _submit(request, interview, form, call, done=_("Your interview is booked."), form_name="pick_form")


@login_required
@require_POST
def interview_retime_view(request, pk):
    interview = _own_or_404(request, pk)

    def call(data):
        interview_request_retime(interview=interview, actor=request.user, note=data["note"])

    done = _("The employer has been asked for another time.")
    return _submit(request, interview, RetimeForm(request.POST), call, done=done, form_name="retime_form")


@login_required
@require_POST
def interview_reschedule_view(request, pk):
    interview = _own_or_404(request, pk)
    form = ApplicantRescheduleForm(request.POST, slots=interview.offered_slots.all())

    def call(data):
        interview_reschedule(interview=interview, actor=request.user, reason=data["reason"], slot=data["slot"])

    done = _("Your interview has been rescheduled.")
    return _submit(request, interview, form, call, done=done, form_name="reschedule_form")


@login_required
@require_POST
def interview_cancel_view(request, pk):
    interview = _own_or_404(request, pk)

    def call(data):
        interview_cancel(interview=interview, actor=request.user, reason=data["reason"])

    done = _("The interview has been cancelled.")
    return _submit(request, interview, ReasonForm(request.POST), call, done=done, form_name="cancel_form")


@login_required
def my_interviews(request):
    interviews = (
        Interview.objects.filter(application__veteran=request.user)
        .select_related("application__position__organization", "booked_slot")
        .order_by("-created_at", "-id")
    )
    return render(request, "jobs/interviews/mine.html", {"interviews": interviews})
