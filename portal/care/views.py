"""Staff pages of care visits: the overview (overdue by city, due this month, open tasks), the subjects, marking a
veteran found by ID number or name, recording a visit, the month's calendar, the printable visit sheet, tasks."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal.care import selectors, services
from portal.care.forms import CloseTaskForm, EndForm, MarkForm, VisitForm
from portal.care.models import CareSubject, CareTask, CareVisit
from portal.decorators import staff_required
from portal.form_errors import add_service_errors
from portal.models import VeteranProfile
from portal.staff.selectors import veterans_find


def _month(request) -> datetime.date:
    try:
        return datetime.date.fromisoformat(request.GET.get("month", "") + "-01")
    except ValueError:
        return timezone.localdate().replace(day=1)


@staff_required
def overview(request):
    today = timezone.localdate()
    start = today.replace(day=1)
    end = (start + datetime.timedelta(days=32)).replace(day=1)
    context = {
        "overdue": selectors.overdue_by_city(),
        "overdue_total": selectors.overdue_visits().count(),
        "due": selectors.visits_due(start=today, end=end),
        "my_tasks": selectors.open_tasks(assigned_to=request.user),
        "subjects_count": CareSubject.objects.filter(active=True).count(),
    }
    return render(request, "care/overview.html", context)


@staff_required
def subject_list(request):
    page = Paginator(selectors.subjects(), 25).get_page(request.GET.get("page"))
    return render(request, "care/subjects.html", {"page": page})


@staff_required
@require_http_methods(["GET", "POST"])
def subject_mark(request):
    q = request.GET.get("q", "").strip()[:40]
    found = list(veterans_find(q)[:10]) if q else []
    form = MarkForm(request.POST or None)
    if request.method == "POST":
        veteran = get_object_or_404(VeteranProfile, pk=request.POST.get("veteran"))
        if form.is_valid():
            try:
                services.care_subject_mark(veteran=veteran, staff_user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Marked for regular visits: %(name)s") % {"name": veteran.masked_name})
                return redirect("care:subjects")
    context = {"q": q, "found": found, "form": form}
    return render(request, "care/mark.html", context, status=400 if form.errors else 200)


def _post_and_back(request, form_class, field, call, done, back):
    """A one-field form (a reason, an outcome) posted to a service: its message, or the field's error, then back."""
    form = form_class(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors[field])
        call(form.cleaned_data[field])
        messages.success(request, done)
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    return redirect(back)


@require_POST
@staff_required
def subject_end(request, pk):
    subject = get_object_or_404(CareSubject, pk=pk)

    def call(reason):
        services.care_subject_end(subject=subject, staff_user=request.user, reason=reason)

    return _post_and_back(request, EndForm, "reason", call, _("The visits have ended."), "care:subjects")


@staff_required
@require_http_methods(["GET", "POST"])
def visit_record(request, pk):
    visit = get_object_or_404(CareVisit.objects.select_related("subject__veteran__region__parent"), pk=pk)
    form = VisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("visited_on", "visitors", "condition", "needs", "notes")}
        try:
            services.care_visit_record(visit=visit, staff_user=request.user, tasks=form.tasks(), **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The visit has been recorded; the next one is planned."))
            return redirect("care:overview")
    history = visit.subject.visits.exclude(pk=visit.pk).prefetch_related("tasks").order_by("-due_on")[:10]
    context = {"visit": visit, "form": form, "history": history}
    return render(request, "care/visit.html", context, status=400 if form.errors else 200)


@staff_required
def visit_sheet(request, pk):
    """A printable sheet for staff who visit without a phone: who, where, the last visits, blanks to fill in."""
    visit = get_object_or_404(CareVisit.objects.select_related("subject__veteran__region__parent"), pk=pk)
    history = visit.subject.visits.filter(status=CareVisit.Status.DONE).order_by("-visited_on")[:3]
    return render(request, "care/sheet.html", {"visit": visit, "history": history})


@staff_required
def calendar(request):
    month = _month(request)
    end = (month + datetime.timedelta(days=32)).replace(day=1)
    cities = list(selectors.subject_cities())
    city = next((c for c in cities if c.code == request.GET.get("city")), None)
    days: dict = {}
    for visit in selectors.visits_due(start=month, end=end, region=city):
        days.setdefault(visit.due_on, []).append(visit)
    previous = (month - datetime.timedelta(days=1)).replace(day=1)
    context = {
        "month": month,
        "days": sorted(days.items()),
        "previous": previous,
        "next": end,
        "cities": cities,
        "city": city,
    }
    return render(request, "care/calendar.html", context)


@staff_required
def task_list(request):
    mine = request.GET.get("all") != "1"
    tasks = selectors.open_tasks(assigned_to=request.user if mine else None)
    return render(request, "care/tasks.html", {"tasks": tasks, "mine": mine, "form": CloseTaskForm()})


@require_POST
@staff_required
def task_close(request, pk):
    task = get_object_or_404(CareTask, pk=pk)

    def call(outcome):
        services.care_task_close(task=task, staff_user=request.user, outcome=outcome)

    return _post_and_back(request, CloseTaskForm, "outcome", call, _("The task is closed."), "care:tasks")
