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

CEILING = 45  # the heaviest main page (the staff dashboard) runs well under this; a per-option lookup is 300+
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
    from tests.jobs.factories import BoothFactory, JobFairFactory, PositionFactory
    from tests.training.factories import CourseFactory, TrainingClassFactory

    veteran, employer = User.objects.get(username="demo-veteran"), User.objects.get(username="demo-employer")
    employer_org = employer.memberships.get().organization
    fair = JobFairFactory()
    for i in range(rows):
        position = PositionFactory(organization=employer_org, title=f"增长岗位{i}")
        PositionFactory(title=f"其他单位岗位{i}")
        application_submit(position=position, veteran=VeteranFactory())
        if i < 3:
            application_submit(position=position, veteran=veteran)
        BoothFactory(fair=fair, status=Booth.Status.APPROVED)
        notify(recipient=veteran, event_key=f"grow-{i}", kind="system", title=f"通知{i}", email=False, sms=False)
    institution = Organization.objects.filter(memberships__user__username="demo-institution").first()
    merchant = Merchant.objects.filter(organization__memberships__user__username="demo-merchant").first()
    for i in range(rows):
        course = CourseFactory(institution=institution, title=f"增长课程{i}") if institution else CourseFactory()
        TrainingClassFactory(course=course)
        if merchant:
            offer(merchant, title=f"增长优惠{i}")


def measure_all(accounts=DEMO_ROLE_ACCOUNTS) -> dict[tuple[str | None, str], tuple[int, int]]:
    from django.test import Client

    results = {}
    for username in accounts:
        client = Client()
        user = User.objects.get(username=username) if username else None
        if user is not None:
            client.force_login(user)
        for path in pages_of(user):
            results[(username, path)] = count_queries(client, path)
    return results


@pytest.mark.parametrize("username", DEMO_ROLE_ACCOUNTS)
def test_main_pages_run_the_same_queries_with_more_data(username):
    seed_demo_data()
    small = measure_all([username])
    grow()
    large = measure_all([username])
    grown = {page: (small[page][1], large[page][1]) for page in small if large[page][1] > small[page][1]}
    heavy = {page: counts[1] for page, counts in large.items() if counts[1] > CEILING}
    assert not grown, f"queries grow with the data (small, large): {grown}"
    assert not heavy, f"over {CEILING} queries: {heavy}"
    assert all(status in (200, 302) for status, _ in large.values()), large
