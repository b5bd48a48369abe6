"""Large lists stay small pages: an employer's hundreds of positions and a fair's hundreds of booths paginate, and the
total of a large list (pages and API) is counted once a minute while a small one stays exact (portal.pagination)."""

import pytest
from django.urls import reverse

from jobs.models import Booth, Position
from jobs.views.employer import POSITIONS_PER_PAGE
from jobs.views.fairs import BOOTHS_PER_PAGE
from portal import pagination
from tests.factories import OrganizationFactory
from tests.jobs.factories import BoothFactory, JobFairFactory, PositionFactory

pytestmark = pytest.mark.django_db


def test_an_employer_with_many_positions_sees_them_a_page_at_a_time(client, employer_member):
    for i in range(POSITIONS_PER_PAGE + 5):
        PositionFactory(organization=employer_member.organization, title=f"岗位编号{i:03d}")
    client.force_login(employer_member)
    first = client.get(reverse("jobs:employer")).content.decode()
    assert first.count("岗位编号") == POSITIONS_PER_PAGE
    assert "positions_page=2" in first
    second = client.get(reverse("jobs:employer"), {"positions_page": 2}).content.decode()
    assert second.count("岗位编号") == 5


def test_a_fair_with_many_booths_shows_them_a_page_at_a_time(client):
    fair = JobFairFactory()
    for number in range(1, BOOTHS_PER_PAGE + 4):
        organization = OrganizationFactory(name=f"展位单位{number:03d}")
        booth = BoothFactory(fair=fair, organization=organization, status=Booth.Status.APPROVED, number=number)
        booth.positions.add(PositionFactory(organization=organization))
    first = client.get(reverse("jobs:fair_detail", args=[fair.pk])).content.decode()
    assert first.count("展位单位") == BOOTHS_PER_PAGE
    last = client.get(reverse("jobs:fair_detail", args=[fair.pk]), {"page": 2}).content.decode()
    assert last.count("展位单位") == 3


def test_a_large_total_is_counted_once_a_minute_and_a_small_one_every_time(monkeypatch, django_assert_num_queries):
    PositionFactory.create_batch(3)
    positions = Position.objects.filter(status=Position.Status.PUBLISHED)
    assert pagination.cached_count(positions) == 3
    PositionFactory()
    assert pagination.cached_count(positions) == 4  # small: exact

    monkeypatch.setattr(pagination, "EXACT_BELOW", 2)
    assert pagination.cached_count(positions) == 4
    PositionFactory()
    with django_assert_num_queries(0):
        assert pagination.cached_count(positions) == 4  # large: the cached total, no COUNT
    assert pagination.cached_count(positions.filter(title__startswith="仓储")) == 5  # another query, its own count


def test_the_api_list_uses_the_cached_count(api_client, monkeypatch):
    monkeypatch.setattr(pagination, "EXACT_BELOW", 1)
    PositionFactory.create_batch(3)
    assert api_client.get("/api/v1/positions/").json()["count"] == 3
    PositionFactory()
    assert api_client.get("/api/v1/positions/").json()["count"] == 3  # within the minute: the cached total
    pagination.cache.clear()
    assert api_client.get("/api/v1/positions/").json()["count"] == 4
