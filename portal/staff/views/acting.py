"""Acting for a veteran at the counter (代办): finding them without putting an ID or phone number in a URL,
starting and stopping, their page of registered actions, and the shell's own acts (registration, résumé)."""

import secrets

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal.decorators import staff_required
from portal.models import AuditLog, Consent, User
from portal.services.claims import account_contact_set, is_claimed
from portal.services.profiles import veteran_profile_save
from portal.staff import acting, selectors, services
from portal.staff.forms import (
    ActingProfileForm,
    ResumeUploadForm,
    VeteranSearchForm,
)

SEARCHES_SESSION_KEY = "staff_veteran_searches"
SEARCHES_KEPT = 10


def _search_store(request, q: str) -> str:
    """Keep the search key (hashes, never a typed ID or phone number) in the session under a random token."""
    searches = request.session.get(SEARCHES_SESSION_KEY, {})
    token = secrets.token_urlsafe(9)
    searches[token] = selectors.veteran_search_key(q)
    request.session[SEARCHES_SESSION_KEY] = dict(list(searches.items())[-SEARCHES_KEPT:])
    return token


@staff_required
@require_http_methods(["GET", "POST"])
def act_search(request):
    """The counter search. The query is POSTed, so a full ID or phone number never reaches a URL, the browser
    history or an access log; the results page is a GET naming only a random token (so paging and "back" work).
    A GET with ?q= searches nothing."""
    form = VeteranSearchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = _search_store(request, form.cleaned_data["q"])
        return redirect(f"{reverse('portal:staff_act_search')}?search={token}")
    key = request.session.get(SEARCHES_SESSION_KEY, {}).get(request.GET.get("search", ""))
    page = None
    if key is not None:
        page = Paginator(selectors.veterans_find(key), 20).get_page(request.GET.get("page"))
        if not form.is_bound and "text" in key:
            form = VeteranSearchForm(initial={"q": key["text"]})
    return render(
        request,
        "staff/act_search.html",
        {"form": form, "page": page, "acting": acting.acting_for(request)},
        status=400 if form.errors else 200,
    )


@staff_required
@require_POST
def act_start(request, user_id):
    veteran_user = get_object_or_404(User, pk=user_id, veteran_profile__isnull=False, is_active=True)
    services.acting_start(request=request, veteran_user=veteran_user)
    return redirect("portal:staff_act_home")


@staff_required
@require_POST
def act_stop(request):
    services.acting_stop(request=request)
    messages.info(request, _("You are no longer acting for a veteran."))
    return redirect("portal:staff_act_search")


@acting.acting_required
def act_home(request):
    history = AuditLog.objects.filter(action=AuditLog.Action.ACT_FOR, on_behalf_of=request.acting_for).select_related(
        "actor"
    )[:20]
    return render(
        request,
        "staff/act_home.html",
        {
            "veteran": request.acting_for,
            "profile": request.acting_for.veteran_profile,
            "actions": acting.registered_actions(),
            "history": history,
            "claimed": is_claimed(request.acting_for),
        },
    )


@acting.acting_required
@require_http_methods(["GET", "POST"])
def act_profile(request):
    veteran_user = request.acting_for
    profile = veteran_user.veteran_profile
    form = ActingProfileForm(request.POST or None, instance=profile, user=veteran_user)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                veteran_profile_save(
                    user=veteran_user,
                    data=form.profile_data(),
                    id_number=form.cleaned_data.get("id_number") or None,
                    id_number_basis=form.id_number_basis(Consent.Channel.COUNTER),
                    consent_recorded_by=request.user,
                )
                if "email" in form.cleaned_data:
                    account_contact_set(user=veteran_user, email=form.cleaned_data["email"])
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            services.acting_record(request=request, veteran_user=veteran_user, action="portal.profile_edit")
            messages.success(request, _("The veteran's registration has been saved."))
            return redirect("portal:staff_act_home")
    return render(
        request,
        "staff/act_form.html",
        {"form": form, "veteran": veteran_user, "title": _("Edit the veteran's registration")},
        status=400 if form.errors else 200,
    )


@acting.acting_required
@require_http_methods(["GET", "POST"])
def act_resume(request):
    veteran_user = request.acting_for
    form = ResumeUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        veteran_profile_save(user=veteran_user, data={}, resume=form.cleaned_data["resume"])
        services.acting_record(request=request, veteran_user=veteran_user, action="portal.resume_upload")
        messages.success(request, _("The résumé has been uploaded for the veteran."))
        return redirect("portal:staff_act_home")
    return render(
        request,
        "staff/act_form.html",
        {"form": form, "veteran": veteran_user, "title": _("Upload a résumé"), "multipart": True},
        status=400 if form.errors else 200,
    )
