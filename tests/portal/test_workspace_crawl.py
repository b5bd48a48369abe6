"""Every page a role may use is reachable from its workspace in two clicks (issue 17).

With the demo data, each demo account signs in and lands on /workspace/; the crawl follows every link there, and
every link on the pages those lead to. The role's pages — generated from what the pillars declare for its
workspace (portal.workspace.role_links), the main menu, and for staff the workbench's staff pages — must all be
among the links found, and each must open for that account (no 403, 404 or 500). The progress pages of a role's
own records (a subsidy claim, a residency, a competition entry, a mentor booking, an applicant) must be among the
links found too, and the demo data must give each owning role at least one such record."""

from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.urls import reverse

from portal.models import User
from portal.pillars import pillars
from portal.templatetags.staff_tags import staff_pages
from portal.workspace import role_links, workspace_roles
from tests.staff.test_exports_all import seed_demo_data

pytestmark = pytest.mark.django_db

# One account per role of the demo (README), and the roles' pages each must reach.
DEMO_ACCOUNTS = {
    "demo-veteran": ["veteran"],
    "demo-family": ["veteran"],
    "demo-employer": ["employer"],
    "demo-institution": ["institution"],
    "demo-merchant": ["merchant"],
    "demo-mentor": ["mentor"],
    "demo-bank": ["bank"],
    "demo-incubator": ["incubator"],
    "demo-staff": ["staff"],
    "demo-lawyer": ["veteran"],  # a counsellor/lawyer: no role group, their provider record shows their cases
    "demo-evaluator": ["veteran"],
}
# Not followed: leaving the session, switching language, files (downloads, QR images), the admin's own pages.
SKIP_PREFIXES = ("/accounts/logout/", "/i18n/", "/static/", "/media/", "/api/")
SKIP_SUFFIXES = (".json", ".pdf", ".svg", ".csv", ".xlsx")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") if tag == "a" else None
        if href:
            self.hrefs.append(href)


def links_on(html: str) -> set[str]:
    """The site's own paths linked from a page (query and fragment dropped)."""
    parser = _Links()
    parser.feed(html)
    paths = set()
    for href in parser.hrefs:
        parts = urlsplit(urldefrag(href)[0])
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue
        paths.add(parts.path)
    return paths


def _followable(path: str) -> bool:
    return not path.startswith(SKIP_PREFIXES) and not path.endswith(SKIP_SUFFIXES)


def role_pages(user) -> set[str]:
    """The pages this user's roles may use, from the declarations only."""
    pages = {reverse("portal:workspace")}
    for role in workspace_roles(user):
        pages |= {reverse(entry.url_name) for entry in role_links(user, role)}
    pages |= {reverse(link.url_name) for p in pillars() for link in p.navigation if link.visible_to(user)}
    if user.is_bureau_staff:
        pages |= {reverse(page.url_name) for page in staff_pages()}
    return pages


def _records_pages(url_name: str, queryset) -> set[str]:
    return {reverse(url_name, args=[pk]) for pk in queryset.values_list("pk", flat=True)}


def owned_record_pages(user) -> dict[str, set[str]]:
    """The progress pages of the records this user owns, by kind (each kind's page opens them all)."""
    from django.db.models import Q

    from entrepreneurship.models import MentorBooking, Residency
    from entrepreneurship.permissions import viewable_entries
    from jobs.models import Application
    from training.permissions import viewable_claims

    return {
        "claim": _records_pages("training:claim_detail", viewable_claims(user)),
        "residency": _records_pages(
            "entrepreneurship:residency_detail", Residency.objects.filter(enterprise__founder=user)
        ),
        "entry": _records_pages("entrepreneurship:entry_detail", viewable_entries(user)),
        "booking": _records_pages(
            "entrepreneurship:booking_detail",
            MentorBooking.objects.filter(Q(veteran=user) | Q(slot__mentor__user=user)),
        ),
        "applicant": _records_pages(
            "jobs:employer_application", Application.objects.filter(position__organization__memberships__user=user)
        ),
    }


# The demo roles that own records of each kind (README): each must own one and reach its page.
RECORD_OWNERS = {
    "claim": ("demo-veteran", "demo-institution", "demo-staff"),
    "residency": ("demo-veteran",),
    "entry": ("demo-veteran",),
    "booking": ("demo-veteran", "demo-mentor"),
    "applicant": ("demo-employer",),
}


def crawl_two_levels(client, start: str) -> tuple[set[str], dict[str, int]]:
    """Paths linked from `start` (one click) and from the pages those lead to (two clicks), and the status each
    followed page answered with (after redirects)."""
    statuses = {}
    first = client.get(start)
    assert first.status_code == 200, start
    one_click = links_on(first.content.decode())
    found = set(one_click)
    for path in sorted(one_click):
        if not _followable(path) or path.startswith("/admin/"):
            continue
        response = client.get(path, follow=True)
        statuses[path] = response.status_code
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            found |= links_on(response.content.decode())
    return found, statuses


def test_every_page_of_every_demo_role_is_two_clicks_from_its_workspace(client):
    seed_demo_data()
    problems = []
    for username, expected_roles in DEMO_ACCOUNTS.items():
        user = User.objects.get(username=username)
        assert workspace_roles(user) == expected_roles, username
        client.force_login(user)
        found, statuses = crawl_two_levels(client, reverse("portal:workspace"))
        pages = role_pages(user)
        assert len(pages) >= 4, (username, pages)  # the role really has pages declared
        for page in sorted(pages - found - {reverse("portal:workspace")}):
            problems.append(f"{username}: {page} is not within two clicks of the workspace")
        for page in sorted(pages):
            status = statuses.get(page) or client.get(page, follow=True).status_code
            if status != 200:
                problems.append(f"{username}: {page} answers {status}")
        for kind, records in owned_record_pages(user).items():
            if username in RECORD_OWNERS[kind] and not records:
                problems.append(f"{username}: the demo data gives them no {kind}")
            elif records and not records & found:
                problems.append(f"{username}: no {kind} page of theirs is within two clicks of the workspace")
        client.logout()
    assert not problems, "\n".join(problems)


def test_signing_in_lands_on_the_workspace(client):
    seed_demo_data()
    response = client.post(reverse("account_login"), {"login": "demo-employer", "password": "portal-demo-2026"})
    assert response.status_code == 302 and response["Location"] == reverse("portal:workspace")
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="workspace-employer"' in page
    assert "完成退役报到" not in page  # not a veteran: no registration button
    assert "完成退役报到" not in client.get(reverse("portal:profile")).content.decode()
