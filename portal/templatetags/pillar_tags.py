"""What the pillars give the site's own pages (portal.pillars): the main menu, and elder mode's short menu of the
role's main tasks (portal.workspace.main_tasks). For a signed-in user both come from the user's cached record
(portal.user_cache), so the menu's visibility tests do not run on every page."""

from django import template

from portal.pillars import Link, pillars
from portal.user_cache import in_staff_rules, user_record

register = template.Library()


def _navigation_links() -> dict[tuple[str, str], Link]:
    return {(pillar.label, link.key): link for pillar in pillars() for link in pillar.navigation}


def _workspace_links() -> dict[tuple[str, str], Link]:
    return {
        (section.key, link.key): link for pillar in pillars() for section in pillar.workspace for link in section.links
    }


@register.simple_tag
def pillar_navigation(user) -> list[Link]:
    """Every pillar's main-menu links this user may see, in pillar order."""
    record = user_record(user)
    if record is None:
        return [link for pillar in pillars() for link in pillar.navigation if link.visible_to(user)]
    links = _navigation_links()
    return [links[entry] for entry in record.navigation if entry in links]


@register.simple_tag
def elder_menu(user) -> list[Link]:
    """Elder mode's short menu: the workspace and the role's main tasks (portal.workspace.main_tasks), five at
    most after the workspace; a visitor gets the main menu itself (the four services and the news)."""
    from portal.workspace import MAIN_TASKS

    record = user_record(user)
    if record is None:
        return pillar_navigation(user)[: MAIN_TASKS + 1]
    workspace = next(link for link in pillar_navigation(user) if link.url_name == "portal:workspace")
    links = _workspace_links()
    return [workspace, *(links[entry] for entry in record.main_tasks if entry in links)]


@register.simple_tag
def shows_staff_menu(user) -> bool:
    """Whether the header links to the staff workbench (the record's answer; the workbench itself checks again)."""
    return in_staff_rules(user)
