"""Every main page of every role runs the same number of SQL queries with small and with larger data (issue 21
item 11): generated from the role workspaces (tests/e2e/pages.py, the pages the workspace crawl checks), so a
page a pillar adds is covered without editing this file.

Each demo account opens each of its pages with the demo data, then again after `grow()` has added more of every
list those pages show (positions, applications, fairs and booths, offers, courses and classes, notifications);
a page whose count grows queries per row. Reference data (the ~3,400 regions) does not grow here, so each page is
held under CEILING too: a region select that looks up each city's parent one by one blows it (360 queries)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.models import User
from tests.e2e.pages import DEMO_ROLE_ACCOUNTS, pages_of
from tests.staff.test_exports_all import seed_demo_data

pytestmark = pytest.mark.django_db

CEILING = 40  # the heaviest main page (the staff workspace, every queue counted) runs 26; a per-option lookup is 300+
ROWS = 12  # of each kind added by grow(); a per-row query shows as 12 more


def count_queries(client, path: str) -> tuple[int, int]:
    """(status, queries) of a GET of the page, after one warm-up request (the user's cached record, sessions)."""
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        status = client.get(path).status_code
    return status, len(captured)


def grow(rows: int = ROWS) -> None:
    """More of everything the main pages list, attached to the demo accounts' own organizations and to others."""
    from benefits.models import Merchant
    from jobs.models import Booth
    from jobs.services.applications import application_submit
    from portal.models import Organization
    from portal.services.notifications import notify
    from tests.benefits.factories import offer
    from tests.factories import VeteranFactory
    from tests.jobs.factories import BoothFactory, PositionFactory
    from tests.training.factories import CourseFactory, TrainingClassFactory

    veteran, employer = User.objects.get(username="demo-veteran"), User.objects.get(username="demo-employer")
    employer_org = employer.memberships.get().organization
    fair, numbers = _fair(), range(1000, 1000 + rows)
    for i, number in enumerate(numbers):
        position = PositionFactory(organization=employer_org, title=f"增长岗位{i}")
        other = PositionFactory(title=f"其他单位岗位{i}")
        application_submit(share_consent=True, channel="web", position=position, veteran=VeteranFactory())
        if i < 3:
            application_submit(share_consent=True, channel="web", position=position, veteran=veteran)
        booth = BoothFactory(fair=fair, organization=other.organization, status=Booth.Status.APPROVED, number=number)
        booth.positions.add(other, PositionFactory(organization=other.organization))
        notify(recipient=veteran, event_key=f"grow-{i}", kind="system", title=f"通知{i}", email=False, sms=False)
    institution = Organization.objects.filter(memberships__user__username="demo-institution").first()
    merchant = Merchant.objects.filter(organization__memberships__user__username="demo-merchant").first()
    for i in range(rows):
        course = CourseFactory(institution=institution, title=f"增长课程{i}") if institution else CourseFactory()
        TrainingClassFactory(course=course)
        if merchant:
            offer(merchant, title=f"增长优惠{i}")


def _fair():
    from jobs.models import JobFair

    return JobFair.objects.published().order_by("pk").first()


def detail_pages(username) -> list[str]:
    """Pages with an id, which no workspace lists, whose size follows the data: the position (with the employer's
    other positions), the fair (its booths and their positions), the registration form (its region selects)."""
    from django.urls import reverse

    from jobs.models import Position

    if username is None:
        return []
    position = Position.objects.published().filter(organization__memberships__user__username="demo-employer")
    pages = [reverse("jobs:position_detail", args=[position.order_by("pk").first().pk])]
    pages += [reverse("jobs:fair_detail", args=[_fair().pk])]
    if username == "demo-veteran":
        pages += [reverse("portal:profile_edit"), reverse("portal:family_profile")]
    return pages


def measure_all(accounts=DEMO_ROLE_ACCOUNTS) -> dict[tuple[str | None, str], tuple[int, int]]:
    from django.test import Client

    results = {}
    for username in accounts:
        client = Client()
        user = User.objects.get(username=username) if username else None
        if user is not None:
            client.force_login(user)
        for path in [*pages_of(user), *detail_pages(username)]:
            results[(username, path)] = count_queries(client, path)
    return results


def test_every_roles_main_pages_run_the_same_queries_with_more_data():
    """One run over every demo role's pages (the demo data is seeded once: seeding per role costs minutes)."""
    seed_demo_data()
    small = measure_all()
    grow()
    large = measure_all()
    grown = {page: (small[page][1], large[page][1]) for page in small if large[page][1] > small[page][1]}
    heavy = {page: counts[1] for page, counts in large.items() if counts[1] > CEILING}
    failed = {page: counts[0] for page, counts in large.items() if counts[0] not in (200, 302)}
    assert len(small) > 100  # every role's pages were generated
    assert not grown, f"queries grow with the data (small, large): {grown}"
    assert not heavy, f"over {CEILING} queries: {heavy}"
    assert not failed, failed
