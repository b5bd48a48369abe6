"""What the pillars give the site's own pages (portal.pillars): the main menu, and elder mode's short menu of the
role's main tasks (portal.workspace.main_tasks)."""

from django import template

from portal.pillars import Link, pillars

register = template.Library()


@register.simple_tag
def pillar_navigation(user) -> list[Link]:
    """Every pillar's main-menu links this user may see, in pillar order."""
    return [link for pillar in pillars() for link in pillar.navigation if link.visible_to(user)]


@register.simple_tag
def elder_menu(user) -> list[Link]:
    """Elder mode's short menu: the workspace and the role's main tasks (portal.workspace.main_tasks), five at
    most after the workspace; a visitor gets the main menu itself (the four services and the news)."""
    from portal.workspace import MAIN_TASKS, main_tasks

    if not user.is_authenticated:
        return pillar_navigation(user)[: MAIN_TASKS + 1]
    workspace = next(link for link in pillar_navigation(user) if link.url_name == "portal:workspace")
    return [workspace, *main_tasks(user)]
