"""What the pillars give the site's own pages (portal.pillars): the main menu and the workspace's "My services"."""

from django import template

from portal.pillars import Link, pillars

register = template.Library()


@register.simple_tag
def pillar_navigation() -> list[Link]:
    """Every pillar's main-menu links, in pillar order."""
    return [link for pillar in pillars() for link in pillar.navigation]


@register.simple_tag
def pillar_workspace() -> list[list[Link]]:
    """One list of workspace links per pillar that has any, in pillar order."""
    return [list(pillar.workspace) for pillar in pillars() if pillar.workspace]
