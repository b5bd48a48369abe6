"""What the pillars give the site's own pages (portal.pillars): the main menu, and elder mode's short menu of the
role's main tasks (portal.workspace.main_tasks)."""

from django import template

from portal.pillars import Link, pillars

register = template.Library()


@register.simple_tag
def pillar_navigation(user) -> list[Link]:
    """Every pillar's main-menu links this user may see, in pillar order."""
    return [link for pillar in pillars() for link in pillar.navigation if link.visible_to(user)]
