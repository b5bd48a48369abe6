"""The employer's interview pages: invite an applicant (offer times), the interview's page (reschedule, cancel,
record the outcome), the list of interviews, and the calendar file (for both sides).

Interviews are fetched through the user's employer organizations, so another employer's interview answers 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jobs.calendar import ics_filename, interview_ics
from jobs.hiring_forms import EmployerRescheduleForm, InterviewProposeForm, OutcomeForm, ReasonForm
from jobs.hiring_selectors import upcoming_interviews
from jobs.models import Interview
from jobs.permissions import employer_organizations, interview_parties
from jobs.selectors import employer_applications
from jobs.services.interviews import (
    interview_cancel,
    interview_propose,
    interview_record_outcome,
    interview_reschedule,
)
from portal.form_errors import run_form


def _interview_or_404(request, pk) -> Interview:
    interviews = Interview.objects.filter(application__position__organization__in=employer_organizations(request.user))
    return get_object_or_404(
        interviews.select_related("application__position__organization", "booked_slot__interviewer"), pk=pk
    )


def _detail(request, interview, status=200, **forms):
    organization = interview.application.position.organization
    context = {
        "interview": interview,
        "application": interview.application,
        "slots": interview.offered_slots.select_related("interviewer").order_by("starts_at"),
        "events": interview.events.select_related("actor"),
        "cancel_form": forms.get("cancel_form") or ReasonForm(),
        "outcome_form": forms.get("outcome_form") or OutcomeForm(),
        "reschedule_form": forms.get("reschedule_form") or EmployerRescheduleForm(organization=organization),
    }
    return render(request, "jobs/interviews/employer_detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def interview_propose_view(request, pk):
    application = get_object_or_404(employer_applications(employer_organizations(request.user)), pk=pk)
    form = InterviewProposeForm(request.POST or None, organization=application.position.organization)
    interview = run_form(
        request,
        form,
        lambda data: interview_propose(
            application=application, actor=request.user, note=data["note"], **form.service_kwargs()
        ),
    )
    if interview:
        messages.success(request, _("The invitation has been sent; the applicant will pick a time."))
        return redirect("jobs:employer_interview", pk=interview.pk)
    context = {"application": application, "form": form}
    return render(request, "jobs/interviews/propose.html", context, status=400 if form.errors else 200)


@login_required
def employer_interview(request, pk):
    return _detail(request, _interview_or_404(request, pk))


@login_required
@require_POST
def employer_interview_reschedule(request, pk):
    interview = _interview_or_404(request, pk)
    form = EmployerRescheduleForm(request.POST, organization=interview.application.position.organization)
    if run_form(
        request,
        form,
        lambda data: interview_reschedule(
            interview=interview, actor=request.user, reason=data["reason"], **form.service_kwargs()
        ),
    ):
        messages.success(request, _("New times have been sent to the applicant."))
        return redirect("jobs:employer_interview", pk=pk)
    return _detail(request, interview, status=400, reschedule_form=form)


@login_required
@require_POST
def employer_interview_cancel(request, pk):
    interview = _interview_or_404(request, pk)
    form = ReasonForm(request.POST)
    if run_form(request, form, lambda data: interview_cancel(interview=interview, actor=request.user, **data)):
        messages.success(request, _("The interview has been cancelled."))
        return redirect("jobs:employer_interview", pk=pk)
    return _detail(request, interview, status=400, cancel_form=form)


@login_required
@require_POST
def employer_interview_outcome(request, pk):
    interview = _interview_or_404(request, pk)
    form = OutcomeForm(request.POST)
    if run_form(request, form, lambda data: interview_record_outcome(interview=interview, actor=request.user, **data)):
        messages.success(request, _("The outcome has been recorded."))
        return redirect("jobs:employer_interview", pk=pk)
    return _detail(request, interview, status=400, outcome_form=form)


@login_required
def employer_interviews(request):
    organizations = employer_organizations(request.user)
    if not organizations.exists():
        raise Http404
    return render(request, "jobs/interviews/employer_list.html", {"interviews": upcoming_interviews(organizations)})


@login_required
def interview_calendar(request, pk):
    """The interview's .ics file, for the applicant and the employer's members."""
    interview = get_object_or_404(
        interview_parties(request.user).select_related("application__position__organization"), pk=pk
    )
    content = interview_ics(interview, language=request.LANGUAGE_CODE)
    if content is None:
        raise Http404
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{ics_filename(interview)}"'
    response["Cache-Control"] = "private, no-store"
    return response
