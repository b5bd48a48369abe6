"""Public position search and detail; applying; a veteran's own applications."""

import hashlib
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jobs.forms import ApplyForm, PositionSearchForm, SaveSearchForm
from jobs.hiring_selectors import with_current_interview, with_unread_messages
from jobs.models import Application, ApplicationEvent, Position
from jobs.page_cache import position_page_key, search_choices_key
from jobs.permissions import can_view_position
from jobs.selectors import (
    SEARCH_CACHE_SECONDS,
    position_list,
    position_page_queryset,
    positions_by_ids,
    published_positions,
    search_result_ids,
)
from jobs.services.applications import application_claims, application_submit, application_transition
from jobs.views.common import LazyList, error_messages, paginate
from portal.cache import cache_shared_page
from portal.models import Consent
from portal.replica import reads_from_replica
from portal.user_cache import user_record


# Result pages are cached for as long as the ranked ids they show (SEARCH_CACHE_SECONDS), for visitors and, with
# their own header items filled in, for signed-in users of the same record shape (portal.cache); a published fair or
# renamed region (the search form's choices) shows at once.
@cache_shared_page(SEARCH_CACHE_SECONDS, prefix="jobs-index", signed_in=True, tokens=search_choices_key)
@reads_from_replica
def index(request):
    form = PositionSearchForm(request.GET or None)
    filters = form.filters() if request.GET else PositionSearchForm().filters()
    if filters["q"]:
        # Full-text results: ranked once per query and minute, then 20 rows by primary key per page.
        page = Paginator(search_result_ids(**filters), 20).get_page(request.GET.get("page"))
        # The rows are loaded only if the result list's cached HTML (keyed by these ids) has expired.
        ids = list(page.object_list)
        results_key = hashlib.sha256(repr(ids).encode()).hexdigest()[:40]
        page.object_list = LazyList(lambda: positions_by_ids(ids))
    else:
        page, results_key = paginate(request, position_list(**filters), cached_count=True), ""
    record = user_record(request.user)
    context = {
        "form": form,
        "page": page,
        "q": filters["q"],
        "filter_cache_key": _filter_cache_key(request, form),
        "results_key": results_key,
        "results_cache_seconds": SEARCH_CACHE_SECONDS,
        # Whether to offer the form (saving asks can_save_searches): from the cached record, without a profile query.
        "can_save_search": bool(record and record.offers_applying),
        "save_form": SaveSearchForm(),
    }
    return render(request, "jobs/position_list.html", context)


def _filter_cache_key(request, form) -> str:
    """The filter fields' HTML depends only on the filter values, their choices' data and the language; a form with
    errors is never cached (empty key)."""
    filter_params = sorted((k, v) for k, v in request.GET.items() if k not in ("q", "page"))
    choices_key = "" if form.errors else search_choices_key()
    return f"{choices_key}:{urlencode(filter_params) or 'all'}" if choices_key else ""


def position_detail(request, pk):
    page_key = position_page_key(get_object_or_404(Position.objects.only("organization_id"), pk=pk))
    position = get_object_or_404(position_page_queryset(), pk=pk)
    if not can_view_position(request.user, position):
        raise Http404
    others = published_positions().filter(organization=position.organization).exclude(pk=position.pk)[:5]
    application = None
    if request.user.is_authenticated:
        application = Application.objects.filter(position=position, veteran=request.user).first()
    # Carried into the apply form only as far as the application service will accept them.
    fair, scan = application_claims(
        position=position, fair_id=request.GET.get("fair", ""), scan_link=request.GET.get("scan", "")
    )
    record = user_record(request.user)  # which form to offer; applying asks the profiles (application_submit)
    context = {
        "position": position,
        "others": others,
        "application": application,
        "can_apply": bool(record and record.offers_applying),
        "family_only_veterans": bool(record and record.applies_as_family) and not position.welcomes_family,
        "form": ApplyForm(initial={"fair": fair.pk if fair else None, "scan": scan}, user=request.user),
        "fair": fair,
        "page_key": page_key,
    }
    return render(request, "jobs/position_detail.html", context)


@login_required
@require_POST
def apply(request, pk):
    position = get_object_or_404(Position.objects.published(), pk=pk)
    form = ApplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.refusal())
        return redirect("jobs:position_detail", pk=pk)
    data = form.cleaned_data
    try:
        application_submit(
            position=position,
            veteran=request.user,
            share_consent=data["share_consent"],
            channel=Consent.Channel.WEB,
            note=data["note"],
            fair=data["fair"],
            scan_link=data["scan"],
        )
    except ValidationError as exc:
        for message in error_messages(exc):
            messages.error(request, message)
        return redirect("jobs:position_detail", pk=pk)
    messages.success(request, _("Your application has been sent."))
    return redirect("jobs:my_applications")


@login_required
def my_applications(request):
    applications = (
        Application.objects.filter(veteran=request.user)
        .select_related("position__organization", "position__region")
        .prefetch_related(Prefetch("events", queryset=ApplicationEvent.objects.order_by("created_at")))
    )
    applications = with_current_interview(with_unread_messages(applications, request.user))
    return render(request, "jobs/my_applications.html", {"page": paginate(request, applications)})


@login_required
@require_POST
def application_withdraw(request, pk):
    application = get_object_or_404(Application, pk=pk, veteran=request.user)
    try:
        application_transition(application=application, actor=request.user, to_status=Application.Status.WITHDRAWN)
    except ValidationError as exc:
        for message in error_messages(exc):
            messages.error(request, message)
    else:
        messages.success(request, _("Your application has been withdrawn."))
    return redirect("jobs:my_applications")
