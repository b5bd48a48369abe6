"""The 办事指南 pages: the list of service guides and one guide (portal.guides); public, like the policies."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from portal.guides import GUIDES, guide_body, guide_get


@require_safe
def guide_list(request):
    return render(request, "portal/guide_list.html", {"guides": GUIDES})


@require_safe
def guide_detail(request, slug):
    guide = guide_get(slug)
    if guide is None:
        raise Http404
    return render(request, "portal/guide_detail.html", {"guide": guide, "body": guide_body(guide)})
