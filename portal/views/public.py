"""Home page, health check, signed unsubscribe (no login), invitation acceptance."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from portal.services import notifications
from portal.services.organizations import invitation_accept


def home(request):
    return render(request, "portal/home.html")


def csrf_failure(request, reason=""):
    """A refused form (CSRF check) in the site's layout, translated, with a way back (settings.CSRF_FAILURE_VIEW)."""
    return render(request, "403_csrf.html", status=403)


@never_cache
def healthz(request):
    """Plain 200 through the full middleware stack: for monitors and as the benchmark floor."""
    return HttpResponse("ok", content_type="text/plain")


@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    # GET only shows the question: mail scanners follow links, and a GET must not change data.
    if request.method == "POST":
        user = notifications.unsubscribe_by_token(token)
        if user is None:
            return render(request, "portal/unsubscribe.html", {"invalid": True}, status=400)
        return render(request, "portal/unsubscribe.html", {"done": True})
    return render(request, "portal/unsubscribe.html", {"token": token})


@login_required
@require_http_methods(["GET", "POST"])
def invitation(request, token):
    if request.method == "POST":
        try:
            membership = invitation_accept(token=token, user=request.user)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, _("You have joined %(org)s.") % {"org": membership.organization.name})
            return redirect("portal:workspace")
    return render(request, "portal/invitation.html", {"token": token})
