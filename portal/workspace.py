"""The role workspaces (/workspace/, the landing page after sign-in), built only from what the pillars declare
(portal.pillars.WorkspaceSection): which roles a user holds, and for each the sections, counted items and links
that user may see.

Roles are the groups of portal.roles (portal.models.Role). The person's workspace (我的服务, Role.VETERAN) is shown
to veterans, to family members, and to anyone who holds no role at all yet (they have still to register); an
employer, a merchant or staff member who is not a veteran does not get it, nor its "complete your registration"."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from portal.models import Role
from portal.pillars import Link, WorkspaceSection, pillars

# The order of the workspaces on the page (and of the roles in the elder-mode menu).
ROLE_ORDER = (
    Role.VETERAN,
    Role.EMPLOYER,
    Role.INSTITUTION,
    Role.MERCHANT,
    Role.MENTOR,
    Role.BANK,
    Role.INCUBATOR,
    Role.STAFF,
)
ROLE_TITLES = {
    Role.VETERAN: _("My services"),
    Role.EMPLOYER: _("Employer workspace"),
    Role.INSTITUTION: _("Training institution workspace"),
    Role.MERCHANT: _("Partner merchant workspace"),
    Role.MENTOR: _("Mentor workspace"),
    Role.BANK: _("Bank workspace"),
    Role.INCUBATOR: _("Incubator operator workspace"),
    Role.STAFF: _("Staff workbench"),
}
MAIN_TASKS = 5


@dataclass
class ShownTally:
    key: str
    label: str
    number: int
    href: str
    percent: bool


@dataclass
class ShownSection:
    key: str
    title: str
    tallies: list[ShownTally]
    links: list[Link]
    next_steps: list[Link]


@dataclass
class RoleWorkspace:
    role: str
    title: str
    sections: list[ShownSection] = field(default_factory=list)


def workspace_roles(user) -> list[str]:
    """The roles whose workspace this user gets, in ROLE_ORDER."""
    if not user.is_authenticated:
        return []
    held = [role for role in ROLE_ORDER if role not in (Role.VETERAN, Role.STAFF) and user.has_role(role)]
    if user.is_bureau_staff:
        held.append(Role.STAFF)
    person = (
        user.has_role(Role.VETERAN)
        or user.has_role(Role.FAMILY)
        or hasattr(user, "veteran_profile")
        or hasattr(user, "family_profile")
        or not held
    )
    return ([Role.VETERAN] if person else []) + held


def declared_sections(role: str | None = None) -> list[WorkspaceSection]:
    """Every pillar's workspace sections (of one role), in pillar order."""
    return [s for p in pillars() for s in p.workspace if role is None or s.role == role]


def visible_sections(user, role: str) -> list[WorkspaceSection]:
    """The sections of `role` this user sees (they must hold the role: see workspace_roles)."""
    if role not in workspace_roles(user):
        return []
    return [section for section in declared_sections(role) if section.visible_to(user)]


def role_links(user, role: str) -> list[Link | object]:
    """Every link and counted item of the role's visible sections: the pages this role reaches from its workspace."""
    entries = []
    for section in visible_sections(user, role):
        entries += [t for t in section.tallies if t.visible_to(user)]
        entries += [link for link in section.links if link.visible_to(user)]
    return entries


def main_task_entries(user, limit: int = MAIN_TASKS) -> list[tuple[WorkspaceSection, Link]]:
    """The user's main tasks (links marked main=True) with their sections, over their roles in order."""
    entries, seen = [], set()
    for role in workspace_roles(user):
        for section in visible_sections(user, role):
            for link in section.links:
                if link.main and link.visible_to(user) and link.url_name not in seen:
                    seen.add(link.url_name)
                    entries.append((section, link))
    return entries[:limit]


def main_tasks(user, limit: int = MAIN_TASKS) -> list[Link]:
    """The user's main tasks: elder mode's short menu (read from portal.user_cache by the menu itself)."""
    return [link for _section, link in main_task_entries(user, limit)]


def _shown(section: WorkspaceSection, user) -> ShownSection:
    tallies = [
        ShownTally(t.key, t.label, int(t.count(user)), t.href(), t.percent)
        for t in section.tallies
        if t.visible_to(user)
    ]
    steps = [step for step in (section.next_steps(user) if section.next_steps else []) if step.visible_to(user)]
    links = [link for link in section.links if link.visible_to(user)]
    return ShownSection(section.key, section.title, tallies, links, steps)


def workspaces(user) -> list[RoleWorkspace]:
    """What /workspace/ shows: one workspace per role the user holds, its sections with their numbers counted."""
    return [
        RoleWorkspace(role, ROLE_TITLES[role], [_shown(s, user) for s in visible_sections(user, role)])
        for role in workspace_roles(user)
    ]
