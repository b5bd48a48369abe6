"""{% guide_link "benefit-card" %}: the link to a service's 办事指南 beside its form (portal.guides)."""

from django import template
from django.urls import reverse

from portal.guides import guide_get

register = template.Library()


@register.inclusion_tag("includes/guide_link.html")
def guide_link(slug: str):
    guide = guide_get(slug)
    if guide is None:
        raise template.TemplateSyntaxError(f"No service guide named {slug!r}")
    return {"guide": guide, "href": reverse("portal:guide", args=[slug])}
