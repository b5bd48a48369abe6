"""Staff dashboard entry page. Figures from each pillar are added by their selectors (portal.selectors)."""

from django.contrib.auth.decorators import user_passes_test
from django.shortcuts import render

from portal import selectors
from portal.permissions import is_bureau_staff

staff_required = user_passes_test(is_bureau_staff)


@staff_required
def dashboard(request):
    return render(request, "portal/staff/dashboard.html", {"figures": selectors.shell_figures()})
