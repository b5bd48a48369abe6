"""The main pages of every demo role, generated from the role workspaces (portal.workspace), so that a page a
pillar adds to a workspace is covered by the browser checks (axe-core, elder mode) without editing them; the pages
those link to (a record's page from its list: an application, a claim, a booking …), found by following the links;
and a Playwright browser context signed in as a demo account in a given language."""

from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.urls import Resolver404, resolve, reverse

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


def _route(path: str) -> str | None:
    """The URL pattern a path matches (one per kind of page: every booking's page is one route)."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return f"{match.namespace}:{match.url_name}:{match.route}"


def linked_pages(username: str | None, pages: list[str], known: set[str]) -> list[str]:
    """The pages one click from `pages` (the role's main pages) whose route is not in `known` (every role's main
    pages): the first linked page of each route that this account opens (200, HTML). So a record's page (a
    booking, a claim, an applicant) that a list links to is checked without being named; a role whose list shows
    no record has nothing to link to, which the demo data prevents (each role owns a record of each kind)."""
    from django.test import Client

    from tests.portal.test_workspace_crawl import _followable, links_on

    client = Client()
    if username:
        client.force_login(User.objects.get(username=username))
    routes = set(known)
    found = []
    for page in pages:
        response = client.get(page, follow=True)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for link in sorted(links_on(response.content.decode())):
            route = _route(link)
            if route is None or route in routes or not _followable(link) or link.startswith(SKIP_PREFIXES):
                continue
            routes.add(route)
            answer = client.get(link)
            if answer.status_code == 200 and "text/html" in answer.get("Content-Type", ""):
                found.append(link)
    return found


def linked_plan(plan: list[tuple[str | None, list[str]]]) -> list[tuple[str | None, list[str]]]:
    """(account, pages) per demo role of `main_pages()`: the pages its main pages link to, one of each route per
    role, so a booking's page is checked as the veteran who booked and as the mentor. Routes the visitor reaches
    (a position, a course, the privacy policy) are public pages: checked once, as the visitor."""
    known = {_route(p) for _username, pages in plan for p in pages}
    result = []
    for username, _pages in plan:
        user = User.objects.get(username=username) if username else None
        pages = linked_pages(username, pages_of(user), known)
        if user is None:
            known |= {_route(p) for p in pages}
        result.append((username, pages))
    return result


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
