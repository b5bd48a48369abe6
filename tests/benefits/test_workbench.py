"""The benefits app in the staff workbench: dashboard figures, exports, acting for a veteran (代办)."""

import csv
import datetime
import io

import pytest
from django.utils import timezone, translation
from openpyxl import load_workbook

from benefits import selectors
from benefits.models import Card, CardApplication, CardUse
from portal.models import AuditLog, Region
from tests import factories
from tests.benefits import factories as bf
from tests.staff.helpers import staff_with

pytestmark = pytest.mark.django_db


def _at(y, m, d, hour=10):
    return timezone.make_aware(datetime.datetime(y, m, d, hour, 0))


def _use(card, merchant, when):
    return CardUse.objects.create(card=card, merchant=merchant, used_at=when, minute_bucket=int(when.timestamp() // 60))


@pytest.fixture
def data_set():
    """Four cards at three stations over three months; four uses at merchants in Fuzhou and Nantong."""
    cards = {}
    for key, station, issued, status in [
        ("A", "350102", _at(2026, 1, 10), Card.Status.ACTIVE),
        ("B", "350103", _at(2026, 2, 15), Card.Status.SUSPENDED),
        ("C", "320613", _at(2026, 2, 20), Card.Status.ACTIVE),
        ("D", "320613", _at(2025, 12, 1), Card.Status.REVOKED),
    ]:
        card = bf.issued_card()
        Card.objects.filter(pk=card.pk).update(station=bf.station(station), issued_at=issued, status=status)
        cards[key] = Card.objects.get(pk=card.pk)
    m_fuzhou = bf.merchant(industry_code="retail", region=bf.station("350102"))
    m_nantong = bf.merchant(industry_code="catering", region=bf.station("320612"))
    _use(cards["A"], m_fuzhou, _at(2026, 1, 15))
    _use(cards["A"], m_fuzhou, _at(2026, 2, 3))
    _use(cards["C"], m_nantong, _at(2026, 2, 21))
    _use(cards["B"], m_nantong, _at(2026, 3, 1))
    return cards


def _figures(section):
    return {f.label: f.value for f in section.figures}


def _chart(section, chart_id):
    chart = next(c for c in section.charts if c.id == chart_id)
    return dict(zip(chart.labels, chart.data, strict=True))


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def test_dashboard_figures_equal_hand_counts_per_region_and_period(data_set, english):
    everything = selectors.dashboard_figures()
    numbers = _figures(everything)
    assert numbers["Cards issued"] == 4 and numbers["Cards valid"] == 2
    assert numbers["Card uses"] == 4 and numbers["Card applications submitted"] == 4
    assert _chart(everything, "benefits-card-status") == {
        "Valid": 2,
        "Suspended": 1,
        "Reported lost (replaced)": 0,
        "Revoked": 1,
        "Expired": 0,
    }
    assert _chart(everything, "benefits-uses-industry") == {"Retail and commerce": 2, "Catering": 2}
    assert _chart(everything, "benefits-uses-month") == {"2026-01": 1, "2026-02": 2, "2026-03": 1}
    stations = {row[0]: row[2:] for row in everything.table.rows}
    assert stations == {"320613": [2, 1, 1], "350102": [1, 1, 0], "350103": [1, 0, 1]}

    fuzhou = Region.objects.get(code="350100")
    section = selectors.dashboard_figures(region=fuzhou)
    assert _figures(section)["Cards issued"] == 2 and _figures(section)["Cards valid"] == 1
    assert _figures(section)["Card uses"] == 2  # both at the Fuzhou merchant
    district = selectors.dashboard_figures(region=Region.objects.get(code="350102"))
    assert _figures(district)["Cards issued"] == 1 and _figures(district)["Card uses"] == 2

    february = selectors.dashboard_figures(start=datetime.date(2026, 2, 1), end=datetime.date(2026, 2, 28))
    assert _figures(february)["Cards issued"] == 2 and _figures(february)["Cards valid"] == 1
    assert _figures(february)["Card uses"] == 2
    assert _chart(february, "benefits-uses-month") == {"2026-02": 2}

    nantong_feb = selectors.dashboard_figures(
        region=Region.objects.get(code="320600"), start=datetime.date(2026, 2, 1), end=datetime.date(2026, 2, 28)
    )
    assert _figures(nantong_feb)["Cards issued"] == 1 and _figures(nantong_feb)["Card uses"] == 1
    assert sum(_chart(nantong_feb, "benefits-uses-industry").values()) == 1


def test_dashboard_page_shows_the_benefits_section(client, data_set):
    client.force_login(factories.StaffFactory())
    page = client.get("/staff/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'id="benefits-stations"' in page and "chart-benefits-card-status" in page


def _csv(response):
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_card_and_use_exports_are_masked_filtered_and_audited(client, data_set):
    card = data_set["A"]
    client.force_login(factories.StaffFactory())
    rows = _csv(client.get("/staff/exports/benefit_cards.csv?unmask=1"))
    assert len(rows) == 5
    flat = str(rows)
    assert card.number not in flat and card.holder_name not in flat
    assert card.masked_number in flat and card.masked_name in flat
    fuzhou = Region.objects.get(code="350100")
    assert len(_csv(client.get(f"/staff/exports/benefit_cards.csv?city={fuzhou.pk}&status=active"))) == 2
    uses = _csv(client.get("/staff/exports/benefit_card_uses.csv"))
    assert len(uses) == 5 and card.number not in str(uses) and card.holder_name not in str(uses)
    assert len(_csv(client.get(f"/staff/exports/benefit_card_uses.csv?city={fuzhou.pk}"))) == 3
    data = b"".join(client.get("/staff/exports/benefit_card_uses.xlsx").streaming_content)
    sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    assert len(list(sheet.iter_rows(values_only=True))) == 5
    exports = AuditLog.objects.filter(action=AuditLog.Action.EXPORT)
    assert {e.detail["export"] for e in exports} == {"benefit_cards", "benefit_card_uses"}
    assert exports.filter(detail__rows=2).exists()


def test_unmasking_needs_the_permission(client, data_set):
    card = data_set["A"]
    client.force_login(staff_with("view_full_id_number"))
    rows = _csv(client.get("/staff/exports/benefit_cards.csv?unmask=1"))
    assert card.number in str(rows) and card.holder_name in str(rows)
    assert AuditLog.objects.filter(action=AuditLog.Action.UNMASK).count() == 1


@pytest.mark.parametrize("who", ["anonymous", "veteran", "merchant"])
def test_non_staff_cannot_export(client, data_set, who):
    if who == "veteran":
        client.force_login(data_set["A"].holder)
    elif who == "merchant":
        client.force_login(bf.merchant_member())
    for key in ("benefit_cards", "benefit_card_uses"):
        response = client.get(f"/staff/exports/{key}.csv")
        assert response.status_code in (302, 403, 404)
        if who == "anonymous":
            assert "/login" in response["Location"] or "/accounts/" in response["Location"]
    assert not AuditLog.objects.filter(action=AuditLog.Action.EXPORT).exists()


def _start(client, staff, veteran):
    client.force_login(staff)
    assert client.post(f"/staff/act/{veteran.pk}/start/").status_code == 302


def test_staff_applies_for_a_card_acting_for_the_veteran(client):
    staff = factories.StaffFactory(first_name="晓", last_name="张")
    veteran = factories.VeteranFactory(profile__region_code="350102")
    _start(client, staff, veteran)
    home = client.get("/staff/act/current/").content.decode()
    assert "/benefits/staff/act/card-apply/" in home
    assert client.get("/benefits/staff/act/card-apply/").status_code == 200
    bad = client.post("/benefits/staff/act/card-apply/", {"city": bf.station("350100").pk})
    assert bad.status_code == 400 and not CardApplication.objects.exists()
    response = client.post(
        "/benefits/staff/act/card-apply/",
        {"photo": bf.photo_upload(), "city": bf.station("350100").pk, "district": bf.station("350102").pk},
    )
    assert response.status_code == 302 and response["Location"] == "/staff/act/current/"
    application = CardApplication.objects.get()
    assert application.applicant == veteran and application.submitted_by_staff == staff
    entry = AuditLog.objects.get(detail__event="benefits.card_apply")
    assert entry.actor == staff and entry.on_behalf_of == veteran and entry.action == AuditLog.Action.ACT_FOR
    # in the workbench's history of acts for this veteran ...
    assert "Apply for a benefit card" in client.get("/staff/act/current/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # ... and on the veteran's /me/
    client.force_login(veteran)
    mine = client.get("/me/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    listing = mine.split('id="acted-for-me"')[1].split("</ul>")[0]
    assert staff.get_full_name() in listing and "Apply for a benefit card" in listing
    # a second application while one is open is refused with a message, not a 500
    _start(client, staff, veteran)
    again = client.post(
        "/benefits/staff/act/card-apply/",
        {"photo": bf.photo_upload(), "city": bf.station("350100").pk, "district": bf.station("350102").pk},
    )
    assert again.status_code == 400 and CardApplication.objects.count() == 1


def test_staff_reports_the_veterans_card_lost(client):
    staff = factories.StaffFactory()
    card = bf.issued_card()
    _start(client, staff, card.holder)
    assert client.post("/benefits/staff/act/card-lost/").status_code == 302
    card.refresh_from_db()
    assert card.status == Card.Status.LOST and card.replacement.status == Card.Status.ACTIVE
    entry = AuditLog.objects.get(detail__event="benefits.card_report_lost")
    assert entry.on_behalf_of == card.holder and entry.actor == staff
    assert entry.detail["replacement"] == card.replacement.pk


def test_acting_pages_refuse_non_staff_and_need_a_chosen_veteran(client):
    veteran = factories.VeteranFactory()
    client.force_login(veteran)
    assert client.get("/benefits/staff/act/card-apply/").status_code == 403
    assert client.post("/benefits/staff/act/card-lost/").status_code == 403
    client.force_login(factories.StaffFactory())
    response = client.get("/benefits/staff/act/card-apply/")
    assert response.status_code == 302 and response["Location"] == "/staff/act/"
