"""Staff workbench wiring: dashboard figures on a fixed data set, masked exports, staff lists, acting for a veteran."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from entrepreneurship.models import (
    CompetitionEntry,
    LoanApplication,
    MentorBooking,
    MentorSlot,
    Residency,
)
from entrepreneurship.selectors import dashboard_figures
from portal.models import AuditLog, Region
from portal.staff.dashboard import dashboard_sections
from tests import factories as base
from tests.entrepreneurship import factories as f
from tests.staff.helpers import staff_with

pytestmark = pytest.mark.django_db

ACTIVE, PENDING, EXITED = Residency.Status.ACTIVE, Residency.Status.PENDING, Residency.Status.EXITED
MARCH = {"start": datetime.date(2026, 3, 1), "end": datetime.date(2026, 3, 31)}


def at(month, day):
    return timezone.make_aware(datetime.datetime(2026, month, day, 12, 0))


def d(month, day):
    return datetime.date(2026, month, day)


def region(code):
    return Region.objects.get(code=code)


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def data():
    """Gulou 350102 and Taijiang 350103 are in Fuzhou (3501); 320612 is in Nantong (3206).

    v2's project gives no region, so it counts where v2 lives (Taijiang)."""
    v1 = base.VeteranFactory(profile__real_name="陈建国", profile__region_code="350102")
    v2 = base.VeteranFactory(profile__real_name="林海峰", profile__region_code="350103")
    v3 = base.VeteranFactory(profile__real_name="周志强", profile__region_code="320612")
    e1 = f.enterprise(v1, name="老兵快修", region=region("350102"), jobs_created=3)
    e2 = f.enterprise(v2, name="戎耀茶业", region=None, jobs_created=5)
    e3 = f.enterprise(v3, name="江海安保", region=region("320612"), jobs_created=2)
    e4 = f.enterprise(v1, name="拥军物流", region=region("350102"), jobs_created=4)
    for e, when in ((e1, at(2, 1)), (e2, at(3, 3)), (e3, at(3, 4)), (e4, at(5, 1))):
        type(e).objects.filter(pk=e.pk).update(created_at=when)

    a = f.incubator_base(10, name="鼓楼基地", region=region("350102"))
    b = f.incubator_base(6, name="台江基地", region=region("350103"))
    c = f.incubator_base(8, name="通州基地", region=region("320612"))
    for base_, ent, status, alloc, start, created in (
        (a, e1, ACTIVE, 4, d(3, 5), at(2, 20)),
        (a, e4, PENDING, 0, None, at(3, 10)),
        (b, e2, ACTIVE, 3, d(4, 2), at(3, 15)),
        (c, e3, ACTIVE, 5, d(3, 20), at(3, 1)),
        (b, e4, EXITED, 2, d(1, 10), at(1, 5)),
    ):
        r = Residency.objects.create(
            base=base_,
            enterprise=ent,
            workstations_requested=max(alloc, 1),
            workstations_allocated=alloc,
            status=status,
            start_date=start,
        )
        Residency.objects.filter(pk=r.pk).update(created_at=created)

    mentor = f.mentor()
    for vet, when, status, topic in (
        (v1, at(3, 10), MentorBooking.Status.BOOKED, MentorBooking.Topic.EVALUATION),
        (v2, at(3, 12), MentorBooking.Status.BOOKED, MentorBooking.Topic.FINANCING),
        (v3, at(4, 1), MentorBooking.Status.BOOKED, MentorBooking.Topic.FINANCING),
        (v1, at(3, 15), MentorBooking.Status.CANCELLED, MentorBooking.Topic.LEGAL),
    ):
        slot = MentorSlot.objects.create(
            mentor=mentor, start=when, end=when + datetime.timedelta(hours=1), is_booked=True
        )
        MentorBooking.objects.create(slot=slot, veteran=vet, topic=topic, status=status)

    comp = f.competition()
    for ent, when, award in ((e1, at(3, 2), "一等奖"), (e2, at(3, 5), ""), (e3, at(2, 25), "")):
        entry = f.entry(comp, ent)
        CompetitionEntry.objects.filter(pk=entry.pk).update(created_at=when, award=award)

    product = f.loan_product()
    S = LoanApplication.Status
    for ent, who, created, status, reviewed, amount, on, subsidy in (
        (e1, v1, at(3, 1), S.DISBURSED, at(3, 5), Decimal("100000"), d(3, 20), Decimal("3450.00")),
        (e2, v2, at(3, 10), S.APPROVED, at(4, 2), None, None, Decimal("0")),
        (e3, v3, at(2, 10), S.DISBURSED, at(2, 15), Decimal("50000"), d(3, 1), Decimal("1000.00")),
        (e4, v1, at(3, 20), S.REJECTED, at(3, 25), None, None, Decimal("0")),
        (e4, v1, at(4, 5), S.SUBMITTED, None, None, None, Decimal("0")),
    ):
        loan = LoanApplication.objects.create(
            product=product,
            applicant=who,
            enterprise=ent,
            amount=Decimal("100000"),
            term_months=24,
            purpose="购置设备",
            status=status,
            reviewed_at=reviewed,
            disbursed_amount=amount,
            disbursed_on=on,
            subsidy_due=subsidy,
        )
        LoanApplication.objects.filter(pk=loan.pk).update(created_at=created)
    return {"veterans": [v1, v2, v3], "bases": [a, b, c]}


def figures(section) -> dict:
    return {str(item.label): item.value for item in section.figures}


def chart(section, chart_id) -> dict:
    found = next(c for c in section.charts if c.id == chart_id)
    return dict(zip(found.labels, found.data, strict=True))


EXPECTED = {
    # (region code, period) -> hand-computed figures
    (None, False): {
        "Incubator bases": 3,
        "Workstations": 24,
        "Workstations occupied": 12,
        "Occupancy (%)": 50.0,
        "Projects in residence": 3,
        "Residency applications": 5,
        "Residencies started": 4,
        "Veteran enterprises registered": 4,
        "Jobs created by them": 14,
        "Mentoring sessions": 3,
        "Competition entries": 3,
        "Entries awarded": 1,
        "Loan applications": 5,
        "Loans approved": 3,
        "Loans disbursed": 2,
        "Amount disbursed (yuan)": Decimal("150000"),
        "Interest subsidies due (yuan)": Decimal("4450"),
    },
    (None, True): {
        "Workstations occupied": 12,  # occupancy is today's state, whatever the period
        "Residency applications": 3,
        "Residencies started": 2,
        "Veteran enterprises registered": 2,
        "Jobs created by them": 7,
        "Mentoring sessions": 2,
        "Competition entries": 2,
        "Entries awarded": 1,
        "Loan applications": 3,
        "Loans approved": 1,
        "Loans disbursed": 2,
        "Amount disbursed (yuan)": Decimal("150000"),
        "Interest subsidies due (yuan)": Decimal("4450"),
    },
    ("350100", False): {
        "Incubator bases": 2,
        "Workstations": 16,
        "Workstations occupied": 7,
        "Occupancy (%)": 43.8,
        "Projects in residence": 2,
        "Residency applications": 4,
        "Residencies started": 3,
        "Veteran enterprises registered": 3,
        "Jobs created by them": 12,
        "Mentoring sessions": 2,
        "Competition entries": 2,
        "Loan applications": 4,
        "Loans approved": 2,
        "Loans disbursed": 1,
        "Amount disbursed (yuan)": Decimal("100000"),
        "Interest subsidies due (yuan)": Decimal("3450"),
    },
    ("350100", True): {
        "Residency applications": 2,
        "Residencies started": 1,
        "Veteran enterprises registered": 1,
        "Jobs created by them": 5,
        "Mentoring sessions": 2,
        "Competition entries": 2,
        "Loan applications": 3,
        "Loans approved": 1,
        "Loans disbursed": 1,
        "Interest subsidies due (yuan)": Decimal("3450"),
    },
    ("350103", False): {
        "Incubator bases": 1,
        "Workstations": 6,
        "Workstations occupied": 3,
        "Occupancy (%)": 50.0,
        "Veteran enterprises registered": 1,  # e2 has no region of its own: its founder lives here
        "Mentoring sessions": 1,
        "Competition entries": 1,
        "Loan applications": 1,
        "Loans approved": 1,
        "Loans disbursed": 0,
        "Amount disbursed (yuan)": 0,
    },
    ("320600", True): {
        "Incubator bases": 1,
        "Workstations occupied": 5,
        "Residencies started": 1,
        "Mentoring sessions": 0,
        "Competition entries": 0,
        "Loan applications": 0,
        "Loans disbursed": 1,
        "Amount disbursed (yuan)": Decimal("50000"),
        "Interest subsidies due (yuan)": Decimal("1000"),
    },
}


@pytest.mark.parametrize(("code", "in_march"), list(EXPECTED), ids=lambda v: str(v))
def test_dashboard_figures_equal_hand_computed_counts(settings, data, code, in_march):
    settings.LANGUAGE_CODE = "en"
    period = MARCH if in_march else {}
    section = dashboard_figures(region=region(code) if code else None, **period)
    got = figures(section)
    for label, value in EXPECTED[(code, in_march)].items():
        assert got[label] == value, label


def test_dashboard_charts_and_base_table(settings, data):
    settings.LANGUAGE_CODE = "en"
    section = dashboard_figures()
    assert chart(section, "entrepreneurship-loans") == {"Applied": 5, "Approved": 3, "Disbursed": 2}
    topics = chart(section, "entrepreneurship-sessions")
    assert topics["Project evaluation"] == 1 and topics["Financing"] == 2 and topics["Legal"] == 0
    rows = section.table.rows
    assert rows[0] == ["通州基地", "Tongzhou District", 8, 5]  # the region in the active language
    assert [r[0] for r in rows] == ["通州基地", "鼓楼基地", "台江基地"]
    assert rows[2][3] == 3  # the exited residency no longer occupies Taijiang's workstations


def test_every_figure_is_an_aggregate_query(data, django_assert_max_num_queries):
    fuzhou = region("350100")
    with django_assert_max_num_queries(9):  # one per aggregate, however many rows there are
        dashboard_figures(region=fuzhou, **MARCH)


def test_the_staff_dashboard_shows_the_section(client, data):
    client.force_login(base.StaffFactory())
    sections = dashboard_sections(use_cache=False)
    assert any(s.title == "创业" for s in sections) or any(s.title == "Entrepreneurship" for s in sections)
    page = client.get("/staff/").content.decode()
    assert "通州基地" in page
    assert "/staff/exports/residencies.xlsx" in page and "/staff/exports/loan-applications.csv" in page


# --- exports --------------------------------------------------------------------------------------------------


def _csv(response):
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def test_residency_export_is_filtered_masked_and_audited(client, data):
    staff = base.StaffFactory()
    client.force_login(staff)
    fuzhou = region("350100")
    response = client.get(f"/staff/exports/residencies.csv?city={fuzhou.pk}&status=active")
    assert response.status_code == 200
    rows = _csv(response)
    assert len(rows) == 3  # header + Gulou's and Taijiang's active residencies
    body = str(rows)
    for vet in data["veterans"]:
        assert vet.veteran_profile.get_id_number() not in body
    assert "陈建国" not in body and "陈**" in body
    assert data["veterans"][0].veteran_profile.masked_id_number in body
    entry = AuditLog.objects.get(action=AuditLog.Action.EXPORT)
    assert entry.actor == staff
    assert entry.detail["export"] == "residencies"
    assert entry.detail["rows"] == 2 and entry.detail["filters"] == {"region": "350100", "status": "active"}


def test_loan_export_masks_unless_unmasked_by_a_permitted_user(client, data):
    client.force_login(base.StaffFactory())
    rows = _csv(client.get("/staff/exports/loan-applications.csv?unmask=1&disbursed_from=2026-03-01"))
    assert len(rows) == 3  # l1 and l3
    flat = str(rows)
    assert "3450.00" in flat and "1000.00" in flat
    for vet in data["veterans"]:
        assert vet.veteran_profile.get_id_number() not in flat
        assert vet.veteran_profile.real_name not in flat
    client.force_login(staff_with("view_full_id_number"))
    rows = _csv(client.get("/staff/exports/loan-applications.csv?unmask=1&status=disbursed"))
    assert data["veterans"][0].veteran_profile.get_id_number() in str(rows)
    assert AuditLog.objects.filter(action=AuditLog.Action.UNMASK, detail__export="loan-applications").count() == 1


def test_loan_export_region_uses_the_founders_region_when_the_project_has_none(client, data):
    client.force_login(base.StaffFactory())
    taijiang = region("350103")
    rows = _csv(client.get(f"/staff/exports/loan-applications.csv?city={taijiang.parent_id}&district={taijiang.pk}"))
    assert [r[2] for r in rows[1:]] == ["戎耀茶业"]


@pytest.mark.parametrize("url", ["/staff/exports/residencies.csv", "/staff/exports/loan-applications.xlsx"])
def test_non_staff_cannot_export(client, data, url):
    client.force_login(data["veterans"][0])
    assert client.get(url).status_code in (403, 404)
    bank = base.OrgMemberFactory(org_type="bank")
    client.force_login(bank)
    assert client.get(url).status_code in (403, 404)
    assert not AuditLog.objects.filter(action=AuditLog.Action.EXPORT).exists()


def test_staff_list_pages(client, data):
    client.force_login(data["veterans"][0])
    assert client.get("/entrepreneurship/staff/residencies/").status_code == 403
    assert client.get("/entrepreneurship/staff/loans/").status_code == 403
    client.force_login(base.StaffFactory())
    page = client.get("/entrepreneurship/staff/loans/", {"status": "disbursed"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "老兵快修" in html and "江海安保" in html and "戎耀茶业" not in html
    assert data["veterans"][0].veteran_profile.get_id_number() not in html and "陈建国" not in html
    assert "/staff/exports/loan-applications.xlsx?status=disbursed" in html
    assert client.get("/entrepreneurship/staff/residencies/").status_code == 200


def test_staff_list_pages_need_the_second_factor(client, settings, data):
    settings.STAFF_REQUIRE_MFA = True
    client.force_login(base.StaffFactory())
    response = client.get("/entrepreneurship/staff/loans/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("mfa_activate_totp"))


# --- acting for a veteran -------------------------------------------------------------------------------------


def _act_for(client, staff, veteran):
    client.force_login(staff)
    assert client.post(f"/staff/act/{veteran.pk}/start/").status_code == 302


def test_staff_books_a_mentor_for_the_veteran_and_it_is_recorded(client):
    staff = base.StaffFactory(first_name="晓", last_name="张")
    veteran = base.VeteranFactory()
    project = f.enterprise(veteran)
    slot = f.slot()
    _act_for(client, staff, veteran)
    home = client.get("/staff/act/current/").content.decode()
    assert "/entrepreneurship/staff/act/book-mentor/" in home
    form = client.get("/entrepreneurship/staff/act/book-mentor/")
    assert form.status_code == 200 and str(slot.mentor) in form.content.decode()
    response = client.post(
        "/entrepreneurship/staff/act/book-mentor/",
        {"slot": slot.pk, "topic": "financing", "enterprise": project.pk, "question": "贷款怎么申请"},
    )
    assert response.status_code == 302
    booking = MentorBooking.objects.get(slot=slot)
    assert booking.veteran == veteran and booking.enterprise == project and booking.topic == "financing"
    entry = AuditLog.objects.get(detail__event="entrepreneurship.mentor_book")
    assert entry.actor == staff and entry.on_behalf_of == veteran and entry.action == AuditLog.Action.ACT_FOR
    client.force_login(veteran)
    mine = client.get("/me/").content.decode()
    listing = mine.split('id="acted-for-me"')[1].split("</ul>")[0]
    assert staff.get_full_name() in listing and "预约导师辅导" in listing


def test_acting_booking_refusals(client):
    staff = base.StaffFactory()
    veteran = base.VeteranFactory()
    other_project = f.enterprise()  # someone else's project is not offered
    slot = f.slot()
    _act_for(client, staff, veteran)
    response = client.post(
        "/entrepreneurship/staff/act/book-mentor/", {"slot": slot.pk, "topic": "legal", "enterprise": other_project.pk}
    )
    assert response.status_code == 400
    MentorSlot.objects.filter(pk=slot.pk).update(is_booked=True)  # taken meanwhile
    response = client.post("/entrepreneurship/staff/act/book-mentor/", {"slot": slot.pk, "topic": "legal"})
    assert response.status_code == 400
    assert not MentorBooking.objects.exists()
    assert not AuditLog.objects.filter(detail__event="entrepreneurship.mentor_book").exists()


def test_acting_booking_needs_staff_and_a_chosen_veteran(client):
    veteran = base.VeteranFactory()
    client.force_login(veteran)
    assert client.get("/entrepreneurship/staff/act/book-mentor/").status_code == 403
    client.force_login(base.StaffFactory())
    assert client.get("/entrepreneurship/staff/act/book-mentor/")["Location"] == "/staff/act/"
