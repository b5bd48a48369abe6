"""A person's saved searches: save the search page's search (one button), list them with their alert frequency,
change it, delete one; and the notice's signed unsubscribe link, which works signed out (GET asks, POST stops)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jobs.forms import PositionSearchForm, SavedSearchFrequencyForm, SaveSearchForm
from jobs.models import SavedSearch
from jobs.permissions import can_save_searches
from jobs.services import saved_searches as services
from jobs.views.common import error_messages

SEARCH_PARAMS = list(PositionSearchForm.base_fields)


def _back_to_search(data):
    params = {k: data[k] for k in SEARCH_PARAMS if data.get(k)}
    return redirect(reverse("jobs:index") + ("?" + urlencode(params) if params else ""))


@login_required
@require_POST
def saved_search_save(request):
    search, options = PositionSearchForm(request.POST), SaveSearchForm(request.POST)
    if not can_save_searches(request.user):
        messages.error(request, _("Complete your registration as a veteran or family member to save searches."))
    elif not (search.is_valid() and options.is_valid()):
        messages.error(request, _("This search cannot be saved: correct the filters first."))
    else:
        try:
            services.saved_search_create(user=request.user, filters=search.filters(), **options.cleaned_data)
        except ValidationError as exc:
            for message in error_messages(exc):
                messages.error(request, message)
        else:
            messages.success(request, _("Search saved. We will tell you about new positions that match it."))
            return redirect("jobs:saved_searches")
    return _back_to_search(request.POST)


@login_required
def saved_search_list(request):
    searches = SavedSearch.objects.filter(user=request.user).select_related("region", "category", "fair")
    rows = [(s, SavedSearchFrequencyForm(initial={"frequency": s.frequency}, prefix=f"s{s.pk}")) for s in searches]
    context = {"rows": rows, "can_save": can_save_searches(request.user)}
    return render(request, "jobs/saved_searches/list.html", context)


@login_required
@require_POST
def saved_search_update(request, pk):
    saved = get_object_or_404(SavedSearch, pk=pk, user=request.user)
    form = SavedSearchFrequencyForm(request.POST, prefix=f"s{saved.pk}")
    if not form.is_valid():
        messages.error(request, _("Choose how often you want alerts."))
        return redirect("jobs:saved_searches")
    try:
        services.saved_search_update(saved_search=saved, user=request.user, frequency=form.cleaned_data["frequency"])
    except ValidationError as exc:
        for message in error_messages(exc):
            messages.error(request, message)
    else:
        messages.success(request, _("Alerts of “%(name)s” changed.") % {"name": saved.name})
    return redirect("jobs:saved_searches")


@login_required
@require_POST
def saved_search_delete(request, pk):
    saved = get_object_or_404(SavedSearch, pk=pk, user=request.user)
    services.saved_search_delete(saved_search=saved, user=request.user)
    messages.success(request, _("Saved search “%(name)s” deleted.") % {"name": saved.name})
    return redirect("jobs:saved_searches")


@require_http_methods(["GET", "POST"])
def saved_search_unsubscribe(request, token):
    # GET only asks: mail scanners follow links, and a GET must not change data.
    if request.method == "POST":
        searches = services.saved_search_unsubscribe(token=token)
    else:
        searches = services.searches_for_token(token)
    if searches is None:
        return render(request, "jobs/saved_searches/unsubscribe.html", {"invalid": True}, status=400)
    context = {"searches": searches, "done": request.method == "POST", "token": token}
    return render(request, "jobs/saved_searches/unsubscribe.html", context)
