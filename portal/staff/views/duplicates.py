"""Duplicate applicants: the likely pairs, and merging two accounts of one person (portal.services.person_merge)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.decorators import staff_required
from portal.form_errors import add_service_errors
from portal.models import User
from portal.permissions import can_merge_people
from portal.services.person_merge import duplicate_dismiss, person_merge, related_row_counts
from portal.staff.duplicates import likely_duplicates, pair_reasons
from portal.staff.forms import DuplicateDismissForm, PersonMergeForm


def _check(request) -> None:
    if not can_merge_people(request.user):
        raise PermissionDenied


@staff_required
def duplicate_list(request):
    _check(request)
    page = Paginator(likely_duplicates(), 25).get_page(request.GET.get("page"))
    return render(request, "staff/duplicates.html", {"page": page})


def _pair(first_id, second_id):
    people = User.objects.filter(is_active=True, is_staff=False, is_superuser=False)
    people = people.select_related("veteran_profile__region", "family_profile")
    return get_object_or_404(people, pk=first_id), get_object_or_404(people, pk=second_id)


def _pair_page(request, first, second, *, form, dismiss_form):
    accounts = [(first, related_row_counts(first)), (second, related_row_counts(second))]
    context = {"accounts": accounts, "reasons": pair_reasons(first, second), "form": form}
    context["dismiss_form"] = dismiss_form
    status = 400 if form.errors or dismiss_form.errors else 200
    return render(request, "staff/duplicate_merge.html", context, status=status)


@staff_required
@require_http_methods(["POST"])
def duplicate_dismiss_view(request, first_id, second_id):
    _check(request)
    first, second = _pair(first_id, second_id)
    dismiss_form = DuplicateDismissForm(request.POST, prefix="dismiss")
    if dismiss_form.is_valid():
        try:
            duplicate_dismiss(
                first=first,
                second=second,
                staff=request.user,
                reason=dismiss_form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(dismiss_form, exc)
        else:
            messages.success(request, _("Marked as two different people: the pair is no longer listed."))
            return redirect("portal:staff_duplicates")
    return _pair_page(request, first, second, form=PersonMergeForm(), dismiss_form=dismiss_form)


@staff_required
@require_http_methods(["GET", "POST"])
def duplicate_merge(request, first_id, second_id):
    _check(request)
    first, second = _pair(first_id, second_id)
    form = PersonMergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        survivor, absorbed = (first, second) if form.cleaned_data["survivor"] == "first" else (second, first)
        try:
            report = person_merge(
                survivor=survivor,
                absorbed=absorbed,
                staff=request.user,
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            moved, kept = sum(report["moved"].values()), len(report["kept"])
            messages.success(
                request,
                _("Merged into %(user)s: %(moved)s records moved, %(kept)s kept with the deactivated account.")
                % {"user": survivor.username, "moved": moved, "kept": kept},
            )
            return redirect("portal:staff_duplicates")
    return _pair_page(request, first, second, form=form, dismiss_form=DuplicateDismissForm(prefix="dismiss"))
