"""The employer area: own positions (post, edit, submit, close), the applicant pipeline, follow-ups.

Everything is fetched through querysets scoped to the user's verified employer organizations, so another
organization's position or applicant answers 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jobs.forms import FollowUpForm, PositionForm, TransitionForm
from jobs.hiring_selectors import with_unread_messages
from jobs.models import Application, FollowUp
from jobs.permissions import employer_organizations, managed_positions
from jobs.selectors import employer_applications
from jobs.services.applications import application_mark_viewed, application_transition
from jobs.services.followups import follow_up_record
from jobs.services.positions import position_close, position_save, position_submit
from jobs.views.common import error_messages, paginate
from portal.form_errors import run_form
from portal.uploads import private_file_response

POSITIONS_PER_PAGE = 25


def _organizations_or_404(request):
    organizations = employer_organizations(request.user)
    if not organizations.exists():
        raise Http404
    return organizations


@login_required
def employer_home(request):
    organizations = _organizations_or_404(request)
    positions = (
        managed_positions(request.user)
        .select_related("organization", "region")
        .annotate(applicant_count=Count("applications"))
        .order_by("-created_at")
    )
    status = request.GET.get("status", "")
    applications = with_unread_messages(employer_applications(organizations), request.user)
    if status in Application.Status.values:
        applications = applications.filter(status=status)
    follow_ups = (
        FollowUp.objects.filter(record__organization__in=organizations, done_at__isnull=True)
        .select_related("record__position", "record__veteran__veteran_profile")
        .order_by("due_on")[:20]
    )
    context = {
        "organizations": organizations,
        # An employer with hundreds of positions: a page of them at a time, apart from the applicants' pages.
        "positions": paginate(request, positions, POSITIONS_PER_PAGE, param="positions_page"),
        "page": paginate(request, applications),
        "statuses": Application.Status.choices,
        "status": status,
        "follow_ups": follow_ups,
    }
    return render(request, "jobs/employer/home.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def position_edit(request, pk=None):
    organizations = _organizations_or_404(request)
    position = get_object_or_404(managed_positions(request.user), pk=pk) if pk else None
    organization = position.organization if position else organizations.first()
    form = PositionForm(request.POST or None, instance=position)

    def save(data):
        nonlocal position  # saved even when the submit after it is refused: the page then shows the saved draft
        position = position_save(
            organization=organization,
            user=request.user,
            data=form.position_data(),
            position=position,
            specialties=data["military_specialties"],
        )
        return position_submit(position=position, user=request.user) if "submit" in request.POST else position

    saved = run_form(request, form, save)
    if saved:
        messages.success(request, _("The position has been saved."))
        return redirect("jobs:employer_position", pk=saved.pk)
    status = 400 if form.errors else 200
    return render(request, "jobs/employer/position_form.html", {"form": form, "position": position}, status=status)


@login_required
@require_POST
def position_submit_view(request, pk):
    position = get_object_or_404(managed_positions(request.user), pk=pk)
    try:
        position = position_submit(position=position, user=request.user)
    except ValidationError as exc:
        for message in error_messages(exc):
            messages.error(request, message)
    else:
        if position.status == position.Status.PUBLISHED:
            messages.success(request, _("The position is published."))
        else:
            messages.success(request, _("The position has been sent for review."))
    return redirect("jobs:employer_position", pk=pk)


@login_required
@require_POST
def position_close_view(request, pk):
    position = get_object_or_404(managed_positions(request.user), pk=pk)
    try:
        position_close(position=position, user=request.user)
    except ValidationError as exc:
        for message in error_messages(exc):
            messages.error(request, message)
    else:
        messages.success(request, _("The position is closed."))
    return redirect("jobs:employer_position", pk=pk)


def _application_or_404(request, pk):
    organizations = _organizations_or_404(request)
    return get_object_or_404(employer_applications(organizations).select_related("position__organization"), pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def application_detail(request, pk):
    application = _application_or_404(request, pk)
    form = TransitionForm(request.POST or None)
    if request.method == "POST":
        if run_form(
            request,
            form,
            lambda data: application_transition(
                application=application, actor=request.user, to_status=data["status"], note=data["note"]
            ),
        ):
            messages.success(request, _("The application has been updated."))
            return redirect("jobs:employer_application", pk=pk)
    else:
        application = application_mark_viewed(application=application, actor=request.user)
    profile = getattr(application.veteran, "veteran_profile", None)
    context = {"application": application, "form": form, "profile": profile, **_hiring_context(request, application)}
    return render(request, "jobs/employer/application_detail.html", context, status=400 if form.errors else 200)


def _hiring_context(request, application) -> dict:
    """The history, the interview under way and the unread messages shown beside the status form."""
    unread = with_unread_messages(Application.objects.filter(pk=application.pk), request.user)
    return {
        "events": application.events.select_related("actor"),
        "current_interview": application.interviews.active().first(),
        "unread_messages": unread.values_list("unread_messages", flat=True).first(),
    }


@login_required
def application_resume(request, pk):
    """The applicant's résumé, only for an application to one of the employer's positions."""
    application = _application_or_404(request, pk)
    profile = getattr(application.veteran, "veteran_profile", None)
    if profile is None or not profile.resume:
        raise Http404
    return private_file_response(profile.resume, stem=f"resume-{application.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def follow_up_record_view(request, pk):
    organizations = _organizations_or_404(request)
    follow_up = get_object_or_404(
        FollowUp.objects.filter(record__organization__in=organizations).select_related(
            "record__position", "record__organization", "record__veteran__veteran_profile", "recorded_by"
        ),
        pk=pk,
    )
    form = FollowUpForm(request.POST or None)
    if run_form(request, form, lambda data: follow_up_record(follow_up=follow_up, actor=request.user, **data)):
        messages.success(request, _("The follow-up has been recorded."))
        return redirect("jobs:employer")
    context = {"follow_up": follow_up, "form": form, "today": timezone.localdate()}
    return render(request, "jobs/employer/follow_up.html", context, status=400 if form.errors else 200)
