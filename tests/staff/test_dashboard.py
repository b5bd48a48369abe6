"""Dashboard figures equal hand-computed counts on a fixed data set, per region (with children) and period."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from portal.models import Organization, Region, VeteranProfile
from portal.staff.dashboard import dashboard_sections, portal_figures
from tests.factories import OrganizationFactory, StaffFactory, VeteranFactory

pytestmark = pytest.mark.django_db


def _at(day: datetime.date):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


@pytest.fixture
def data_set():
    """Fuzhou 鼓楼区 (350102): 3 veterans, 2 verified, 1 employed; 台江区 (350103): 1 verified seeking;
    Nantong 通州区 (320612): 2 submitted, 1 employed. Registered: 2024-03 for the first four, 2025-06 for Nantong."""
    spec = [
        ("350102", True, "employed", datetime.date(2024, 3, 1)),
        ("350102", True, "seeking", datetime.date(2024, 3, 5)),
        ("350102", False, "seeking", datetime.date(2024, 3, 9)),
        ("350103", True, "seeking", datetime.date(2024, 3, 20)),
        ("320612", False, "employed", datetime.date(2025, 6, 1)),
        ("320612", False, "studying", datetime.date(2025, 6, 2)),
    ]
    for code, verified, status, day in spec:
        user = VeteranFactory(profile=verified, profile__region_code=code, profile__employment_status=status)
        VeteranProfile.objects.filter(user=user).update(created_at=_at(day))
    OrganizationFactory(region=Region.objects.get(code="350102"))
    OrganizationFactory(region=Region.objects.get(code="320612"), status=Organization.Status.PENDING)
    cache.clear()


def figures(section):
    return {f.label: f.value for f in section.figures}


def chart(section, chart_id):
    c = next(c for c in section.charts if c.id == chart_id)
    return dict(zip(c.labels, c.data, strict=True))


def test_whole_country(data_set):
    section = portal_figures()
    f = figures(section)
    values = list(f.values())
    assert values[:3] == [6, 3, 3]  # registered, verified, awaiting verification
    assert values[3:] == [2, 1, 1, 2]  # organizations, verified, pending, employers
    employment = list(chart(section, "portal-employment").values())
    assert employment == [3, 2, 0, 1, 0]  # seeking, employed, self-employed, studying, not seeking


def test_city_includes_its_districts_and_the_region_table_ranks_them(data_set):
    fuzhou = Region.objects.get(code="350100")
    section = portal_figures(region=fuzhou)
    assert list(figures(section).values())[:3] == [4, 3, 1]
    assert section.table.rows == [["350102", "鼓楼区", 3, 2], ["350103", "台江区", 1, 1]]
    gulou = portal_figures(region=Region.objects.get(code="350102"))
    assert list(figures(gulou).values())[:3] == [3, 2, 1]
    assert list(chart(gulou, "portal-employment").values()) == [2, 1, 0, 0, 0]


def test_period_filters_by_registration_date(data_set):
    section = portal_figures(start=datetime.date(2024, 3, 5), end=datetime.date(2024, 3, 20))
    assert list(figures(section).values())[:3] == [3, 2, 1]
    section = portal_figures(start=datetime.date(2025, 1, 1))
    assert list(figures(section).values())[:3] == [2, 0, 2]
    province = Region.objects.get(code="320000")
    assert list(figures(portal_figures(region=province, end=datetime.date(2024, 12, 31))).values())[:3] == [0, 0, 0]


def test_dashboard_is_cached_briefly_per_filter(data_set, django_assert_max_num_queries):
    first = dashboard_sections()
    with django_assert_max_num_queries(0):
        assert dashboard_sections() == first
    VeteranFactory()
    assert list(figures(dashboard_sections()[0]).values())[:1] == [6]  # still cached
    assert list(figures(dashboard_sections(use_cache=False)[0]).values())[:1] == [7]


def test_dashboard_page_filters_by_district(client, data_set):
    client.force_login(StaffFactory())
    fuzhou = Region.objects.get(code="350100")
    gulou = Region.objects.get(code="350102")
    response = client.get("/staff/", {"city": fuzhou.pk, "district": gulou.pk, "start": "2024-01-01"})
    assert response.status_code == 200
    section = response.context["sections"][0]
    assert list(figures(section).values())[:3] == [3, 2, 1]
    html = response.content.decode()
    assert "chart.umd.min.js" in html and "portal-regions" in html and "鼓楼区" in html


def test_dashboard_rejects_a_reversed_period_with_a_message(client, data_set):
    client.force_login(StaffFactory())
    response = client.get("/staff/", {"start": "2025-01-01", "end": "2024-01-01"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_pillar_sections_are_collected_from_their_pillars(monkeypatch, data_set):
    import dataclasses
    from decimal import Decimal

    from portal.pillars import get_pillar
    from portal.staff import dashboard
    from portal.staff.sections import Chart, Figure, Section

    jobs = dataclasses.replace(
        get_pillar("jobs"),
        dashboard=lambda region=None, start=None, end=None: Section(
            title="Jobs",
            figures=[Figure("Positions", 5)],
            charts=[Chart("jobs-funnel", "bar", "Funnel", labels=["a", "b"], data=[3, Decimal("1.5")])],
        ),
    )
    monkeypatch.setattr(dashboard, "pillars", lambda: [get_pillar("portal"), jobs])
    sections = dashboard.dashboard_sections(use_cache=False)
    assert [s.title for s in sections][1] == "Jobs"
    assert sections[1].charts[0].rows == [["a", 3], ["b", 1.5]]
    assert sections[1].charts[0].as_json()["data"] == [3, 1.5]  # JSON numbers for Chart.js, not Decimal


def test_a_period_is_compared_with_the_one_before_and_figures_read_as_money_and_counts(client, data_set):
    """March 2024 against February 2024: 4 veterans registered against none, so no percentage (nothing to compare
    with); the period presets fill the dates; empty filters read 全部; money is ¥ with thousands separators."""
    from decimal import Decimal

    from portal.staff.dashboard import compared_sections
    from portal.staff.sections import Figure, previous_period
    from portal.templatetags.portal_tags import figure_value

    assert previous_period(datetime.date(2024, 3, 1), datetime.date(2024, 3, 31)) == (
        datetime.date(2024, 1, 30),
        datetime.date(2024, 2, 29),
    )
    march = compared_sections(start=datetime.date(2024, 3, 1), end=datetime.date(2024, 3, 31))[0]
    registered = next(f for f in march.figures if str(f.label) == "已报到退役军人")
    assert (registered.value, registered.previous, registered.change) == (4, 0, None)
    later = compared_sections(start=datetime.date(2024, 3, 10), end=datetime.date(2024, 3, 20))[0]
    registered = next(f for f in later.figures if str(f.label) == "已报到退役军人")
    assert (registered.value, registered.previous, registered.change) == (1, 3, -66.7)
    assert figure_value(Figure("x", Decimal("23900.5"), unit="CNY")) == "¥23,900.50"
    assert figure_value(Figure("x", 1234567)) == "1,234,567"
    client.force_login(StaffFactory())
    page = client.get("/staff/", {"start": "2024-03-10", "end": "2024-03-20"}).content.decode()
    assert 'data-change="-66.7"' in page and "较上期下降 66.7%" in page
    assert "---------" not in page and ">全部</option>" in page
    month = client.get("/staff/", {"period": "month"})
    assert month.status_code == 200 and month.context["period"][0] == timezone.localdate().replace(day=1)
