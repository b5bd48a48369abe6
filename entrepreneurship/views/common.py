"""Shared helpers of the entrepreneurship pages and the app's landing page."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from entrepreneurship import permissions
from entrepreneurship.models import Competition, IncubatorBase, LoanProduct, MentorProfile
from portal.form_errors import call_service  # noqa: F401 (re-exported)
from portal.permissions import is_bureau_staff, is_veteran
from portal.replica import reads_from_replica


def require(condition: bool):
    if not condition:
        raise PermissionDenied


@reads_from_replica
def index(request):
    user = request.user
    context = {
        "bases": IncubatorBase.objects.listed().select_related("region")[:4],
        "mentors": MentorProfile.objects.approved()[:4],
        "competitions": Competition.objects.visible()[:4],
        "products": LoanProduct.objects.published().select_related("bank")[:4],
        "is_veteran": is_veteran(user),
        "is_mentor": user.is_authenticated and hasattr(user, "mentor_profile"),
        "is_operator": permissions.is_incubator_member(user),
        "is_bank": permissions.is_bank_member(user),
        "is_staff": is_bureau_staff(user),
        "judging": Competition.objects.filter(judges__judge=user) if user.is_authenticated else [],
    }
    return render(request, "entrepreneurship/index.html", context)


def form_page(request, *, form, title, submit, back=None, status=None, intro="", guide="", refusal=""):
    """`guide` names the service guide (portal.guides) shown beside the form; `refusal` says why the form cannot be
    sent now (its button is then disabled and described by it)."""
    context = {"form": form, "title": title, "submit": submit, "back": back, "intro": intro, "guide": guide}
    return render(
        request,
        "entrepreneurship/form.html",
        {**context, "refusal": refusal},
        status=status or (400 if form.errors else 200),
    )


def unknown_action(request):
    """An action name the page does not offer: refused with 400 and a translated message, nothing changed."""
    from django.utils.translation import gettext

    return render(
        request,
        "entrepreneurship/bad_request.html",
        {"message": gettext("This action does not exist; nothing was changed.")},
        status=400,
    )


def posted_id(request, key: str) -> int:
    """An object id from the POST body; anything but a whole number is a 404 (as an id that does not exist)."""
    from django.http import Http404

    try:
        return int(request.POST.get(key, ""))
    except ValueError:
        raise Http404
