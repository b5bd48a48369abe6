"""The main pages of every demo role, generated from the role workspaces (portal.workspace), so that a page a
pillar adds to a workspace is covered by the browser checks (axe-core, elder mode) without editing them; and a
Playwright browser context signed in as a demo account in a given language."""

from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.urls import reverse

from portal.models import User
from portal.pillars import pillars
from portal.templatetags.staff_tags import staff_pages
from portal.workspace import role_links, workspace_roles

# One demo account per role (README); None is the visitor who has not signed in.
DEMO_ROLE_ACCOUNTS = (
    None,
    "demo-veteran",
    "demo-employer",
    "demo-institution",
    "demo-merchant",
    "demo-mentor",
    "demo-bank",
    "demo-incubator",
    "demo-staff",
)
PUBLIC_PAGES = ("portal:home", "account_login", "account_signup")
# Not pages to look at: the admin is Django's own, and files are not HTML.
SKIP_PREFIXES = ("/admin/",)


def pages_of(user) -> list[str]:
    """The workspace, and every page its sections, the menu and (for staff) the workbench link to."""
    if user is None:
        from django.contrib.auth.models import AnonymousUser

        anonymous = AnonymousUser()
        names = [
            *PUBLIC_PAGES,
            *(link.url_name for p in pillars() for link in p.navigation if link.visible_to(anonymous)),
        ]
        return list(dict.fromkeys(reverse(name) for name in names))
    paths = [reverse("portal:workspace")]
    for role in workspace_roles(user):
        paths += [reverse(entry.url_name) for entry in role_links(user, role)]
    paths += [reverse(link.url_name) for p in pillars() for link in p.navigation if link.visible_to(user)]
    if user.is_bureau_staff:
        paths += [reverse(page.url_name) for page in staff_pages()]
    return [path for path in dict.fromkeys(paths) if not path.startswith(SKIP_PREFIXES)]


def main_pages() -> list[tuple[str | None, list[str]]]:
    """(account, pages) per demo role; a page already covered by an earlier role is not repeated (the workspace
    is: each role's differs)."""
    seen: set[str] = set()
    plan = []
    for username in DEMO_ROLE_ACCOUNTS:
        user = User.objects.get(username=username) if username else None
        pages = [p for p in pages_of(user) if p not in seen or p == reverse("portal:workspace")]
        seen.update(pages)
        plan.append((username, pages))
    return plan


def signed_in_context(browser, base_url: str, username: str | None, language: str, width: int = 1366, **options):
    """A new browser context in `language`, with a session of the demo account (none for a visitor)."""
    context = browser.new_context(viewport={"width": width, "height": 900}, base_url=base_url, **options)
    context.set_default_timeout(20000)
    cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base_url}]
    if username:
        user = User.objects.get(username=username)
        store = import_module(settings.SESSION_ENGINE).SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.save()
        cookies.append({"name": settings.SESSION_COOKIE_NAME, "value": store.session_key, "url": base_url})
    context.add_cookies(cookies)
    return context
