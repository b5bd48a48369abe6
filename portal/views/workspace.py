"""The signed-in person's workspace: one per role they hold, built from the pillars' sections (portal.workspace)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from portal.workspace import workspaces


@login_required
def workspace(request):
    return render(request, "portal/workspace.html", {"workspaces": workspaces(request.user)})
