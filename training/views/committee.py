"""The evaluation committee's pages: staff appoint evaluators and publish a period's results (the workbench);
an appointed evaluator scores institutions on the rubric."""

import datetime

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.models import Organization
from portal.permissions import is_bureau_staff
from training import selectors, services
from training.forms import EvaluatorForm, InstitutionScoreForm
from training.models import EvaluationResult, Evaluator, InstitutionEvaluation
from training.models.committee import period_bounds, period_of
from training.services.committee import active_evaluator
from training.views.common import add_service_errors, error_text


def _require_staff(request):
    if not is_bureau_staff(request.user):
        raise PermissionDenied


def _period(request) -> str:
    """The period asked for (?period=2026-H1), else the one that ended last (what is evaluated now)."""
    period = (request.GET.get("period") or request.POST.get("period") or "").strip().upper()
    try:
        period_bounds(period)
    except ValueError:
        start, _end = period_bounds(period_of(timezone.localdate()))
        period = period_of(start - datetime.timedelta(days=1))
    return period


@login_required
def evaluators(request):
    _require_staff(request)
    form = EvaluatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        login = form.cleaned_data["username"].strip()
        user = get_user_model().objects.filter(Q(username=login) | Q(email__iexact=login)).first()
        if user is None:
            form.add_error("username", _("No account has this user name or e-mail."))
        else:
            try:
                services.evaluator_appoint(
                    user=user,
                    kind=form.cleaned_data["kind"],
                    affiliation=form.cleaned_data["affiliation"],
                    actor=request.user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Evaluator appointed."))
                return redirect("training:staff_evaluators")
    rows = Evaluator.objects.select_related("user").order_by("ended_at", "-appointed_at")[:200]
    status = 400 if form.errors else 200
    return render(request, "training/staff/evaluators.html", {"form": form, "evaluators": rows}, status=status)


@login_required
@require_POST
def evaluator_end(request, pk):
    _require_staff(request)
    try:
        services.evaluator_end(evaluator=get_object_or_404(Evaluator, pk=pk), actor=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("The appointment has ended."))
    return redirect("training:staff_evaluators")


@login_required
def evaluation_results(request):
    """Staff: the period's evaluations and results, publish them, see who is flagged for the next allocation."""
    _require_staff(request)
    period = _period(request)
    if request.method == "POST":
        try:
            published = services.evaluation_results_publish(period=period, actor=request.user)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("%(n)s results published.") % {"n": len(published)})
        return redirect(f"{request.path}?period={period}")
    context = {
        "period": period,
        "evaluations": InstitutionEvaluation.objects.filter(period=period).select_related(
            "institution", "evaluator__user"
        ),
        "results": EvaluationResult.objects.filter(period=period).select_related("institution"),
    }
    return render(request, "training/staff/evaluation_results.html", context)


@login_required
def evaluate_home(request):
    """The evaluator's page: the institutions to score for a period, with their own scores so far."""
    evaluator = active_evaluator(request.user)
    if evaluator is None:
        raise PermissionDenied
    period = _period(request)
    start, end = period_bounds(period)
    institutions = (
        Organization.objects.filter(
            org_type=Organization.Type.INSTITUTION, courses__classes__end_date__range=(start, end)
        )
        .distinct()
        .order_by("name")
    )
    mine = {e.institution_id: e for e in evaluator.evaluations.filter(period=period)}
    rows = [(org, mine.get(org.pk)) for org in institutions]
    return render(request, "training/evaluate/home.html", {"period": period, "rows": rows, "evaluator": evaluator})


@login_required
def evaluate_institution(request, pk):
    evaluator = active_evaluator(request.user)
    if evaluator is None:
        raise PermissionDenied
    institution = get_object_or_404(Organization, pk=pk, org_type=Organization.Type.INSTITUTION)
    period = _period(request)
    measured = selectors.evaluation_measures(institution=institution, period=period)
    existing = evaluator.evaluations.filter(institution=institution, period=period).first()
    initial = {name: value for name, value in measured.items() if name != "classes" and value is not None}
    if existing:
        initial = {name: getattr(existing, name) for name in InstitutionScoreForm.base_fields}
    form = InstitutionScoreForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.institution_evaluation_submit(
                evaluator_user=request.user,
                institution=institution,
                period=period,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Scores saved."))
            return redirect(reverse("training:evaluate") + f"?period={period}")
    context = {"institution": institution, "period": period, "measured": measured, "form": form}
    return render(request, "training/evaluate/score.html", context, status=400 if form.errors else 200)
