"""Staff page of weekly picks (每周精选): this week's and next week's picks, added from a title search, removed
until their week is over. Every change goes through jobs.matching.services.picks (the admin calls it too)."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from jobs.matching.models import WeeklyPick, monday_of
from jobs.matching.services.picks import weekly_pick_add, weekly_pick_remove
from jobs.models import Position
from jobs.views.common import error_messages
from portal.decorators import staff_required


class PickForm(forms.Form):
    position = forms.IntegerField(widget=forms.HiddenInput)
    week = forms.CharField(widget=forms.HiddenInput, max_length=10)  # the Monday the tab showed, ISO

    def clean_week(self):
        try:
            return datetime.date.fromisoformat(self.cleaned_data["week"])
        except ValueError:
            raise forms.ValidationError(_("Choose a position and a week.")) from None

    note = forms.CharField(label=gettext_lazy("Why we pick it"), max_length=200, required=False)


def _weeks() -> list[datetime.date]:
    this = monday_of(timezone.localdate())
    return [this, this + datetime.timedelta(days=7)]


def _back_to(week: datetime.date):
    return redirect(f"{reverse('jobs:staff_weekly_picks')}?week={week:%Y-%m-%d}")


@staff_required
def weekly_picks(request):
    weeks = _weeks()
    try:
        week = monday_of(datetime.date.fromisoformat(request.GET.get("week", "")))
    except ValueError:
        week = weeks[0]
    week = week if week in weeks else weeks[0]
    picks = (
        WeeklyPick.objects.filter(week_start=week)
        .select_related("position__organization", "position__region")
        .order_by("sort_order", "id")
    )
    q = request.GET.get("q", "").strip()[:50]
    found = []
    if q:
        found = (
            Position.objects.published()
            .filter(title__icontains=q)
            .exclude(weekly_picks__week_start=week)
            .select_related("organization", "region")
            .order_by("-published_at")[:20]
        )
    context = {"weeks": weeks, "week": week, "picks": picks, "q": q, "found": found}
    return render(request, "matching/staff_weekly_picks.html", context)


@require_POST
@staff_required
def weekly_pick_create(request):
    form = PickForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a position and a week."))
        return redirect("jobs:staff_weekly_picks")
    position = get_object_or_404(Position, pk=form.cleaned_data["position"])
    week = form.cleaned_data["week"]
    try:
        weekly_pick_add(position=position, staff_user=request.user, week=week, note=form.cleaned_data["note"])
        messages.success(request, _("Picked: %(title)s") % {"title": position.title})
    except ValidationError as exc:
        for message in error_messages(exc):
            messages.error(request, message)
    return _back_to(monday_of(week))


@require_POST
@staff_required
def weekly_pick_delete(request, pk):
    pick = get_object_or_404(WeeklyPick, pk=pk)
    try:
        weekly_pick_remove(pick=pick, staff_user=request.user)
        messages.success(request, _("Removed from the picks: %(title)s") % {"title": pick.position.title})
    except ValidationError as exc:
        for message in error_messages(exc):
            messages.error(request, message)
    return _back_to(pick.week_start)
