"""The jobs section of the staff workbench: dashboard figures on a fixed data set, exports, acting for a veteran."""

import csv
import datetime
import io
import zoneinfo

import pytest
from django.core.cache import cache

from jobs.models import (
    Application,
    ApplicationEvent,
    Booth,
    EmploymentRecord,
    FairRegistration,
    FollowUp,
    IntentRecord,
    Position,
)
from jobs.selectors import dashboard_figures
from portal.models import AuditLog
from tests.factories import OrganizationFactory, StaffFactory, UserFactory, VeteranFactory, region
from tests.jobs.factories import JobFairFactory, PositionFactory

pytestmark = pytest.mark.django_db
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(day: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(day).replace(hour=12, tzinfo=SHANGHAI)


def _set(obj, **fields):
    type(obj).objects.filter(pk=obj.pk).update(**fields)


def _event(application, to_status, day):
    event = ApplicationEvent.objects.create(application=application, from_status="", to_status=to_status)
    _set(event, created_at=at(day))


@pytest.fixture
def data():
    """Fuzhou (350102 district, 350100 city) and Nantong (320612, 320600); March and May 2026."""
    org1, org2 = OrganizationFactory(), OrganizationFactory()
    p1 = PositionFactory(organization=org1, headcount=3, published_at=at("2026-03-10"))
    p2 = PositionFactory(organization=org2, headcount=2, published_at=at("2026-05-05"))
    p3 = PositionFactory(organization=org1, headcount=5, published_at=at("2026-03-15"), region=region("320612"))
    p4 = PositionFactory(organization=org2, headcount=9, status=Position.Status.DRAFT, published_at=None)
    v1, v2, v3, v4 = (VeteranFactory(profile__real_name=f"王{n}强") for n in "一二三四")
    a1 = Application.objects.create(position=p1, veteran=v1, status=Application.Status.HIRED)
    a2 = Application.objects.create(position=p1, veteran=v2, status=Application.Status.INTENT)
    a3 = Application.objects.create(position=p3, veteran=v3, status=Application.Status.INTENT)
    for application, day in ((a1, "2026-03-12"), (a2, "2026-05-06"), (a3, "2026-03-20")):
        _set(application, created_at=at(day))
    _event(a1, Application.Status.SUBMITTED, "2026-03-12")
    _event(a1, Application.Status.INTENT, "2026-03-15")
    _event(a1, Application.Status.HIRED, "2026-03-20")
    _event(a3, Application.Status.INTENT, "2026-03-25")
    _event(a2, Application.Status.INTENT, "2026-05-10")

    f1 = JobFairFactory(region=region("350100"), starts_at=at("2026-03-18"), registration_opens_at=at("2026-03-01"))
    f2 = JobFairFactory(region=region("320600"), starts_at=at("2026-05-20"), registration_opens_at=at("2026-05-01"))
    b1 = Booth.objects.create(fair=f1, organization=org1, number=1, status=Booth.Status.APPROVED)
    b1.positions.set([p1])
    Booth.objects.create(fair=f1, organization=org2, number=2, status=Booth.Status.APPROVED).positions.set([p2])
    b3 = Booth.objects.create(fair=f2, organization=org2, status=Booth.Status.PENDING)
    b3.positions.set([p4])
    Booth.objects.create(fair=f2, organization=org1, number=1, status=Booth.Status.APPROVED).positions.set([p3, p1])
    r1 = FairRegistration.objects.create(fair=f1, user=v1, seat=1, checked_in_at=at("2026-03-18"))
    FairRegistration.objects.create(fair=f1, user=v2, seat=2, checked_in_at=at("2026-03-18"))
    FairRegistration.objects.create(fair=f1, user=v3, seat=3)
    FairRegistration.objects.create(fair=f2, user=v4, seat=1)
    IntentRecord.objects.create(booth=b1, registration=r1, position=p1, application=a1)
    _set(a1, fair=f1)  # applied at the fair

    record = EmploymentRecord.objects.create(
        application=a1, veteran=v1, organization=org1, position=p1, started_on=datetime.date(2026, 3, 21)
    )
    FollowUp.objects.create(
        record=record, months=1, due_on=datetime.date(2026, 4, 21), done_at=at("2026-04-22"), still_employed=True
    )
    FollowUp.objects.create(record=record, months=3, due_on=datetime.date(2026, 6, 21))
    FollowUp.objects.create(
        record=record, months=6, due_on=datetime.date(2026, 9, 21), done_at=at("2026-09-22"), still_employed=False
    )
    return {"fairs": (f1, f2), "veterans": (v1, v2, v3, v4), "positions": (p1, p2, p3, p4)}


def _figures(**kwargs) -> dict:
    section = dashboard_figures(**kwargs)
    values = [f.value for f in section.figures]
    keys = [
        "published",
        "headcount",
        "priority",
        "applications",
        "at_fairs",
        "intents",
        "hires",
        "fairs",
        "fair_employers",
        "fair_positions",
        "registered",
        "checked_in",
        "fair_intents",
        "follow_ups_due",
        "follow_ups_done",
        "follow_ups_overdue",
    ]
    assert len(values) == len(keys)
    return dict(zip(keys, values, strict=True)) | {"section": section}


def test_dashboard_figures_for_the_whole_country_and_all_time(data):
    f = _figures()
    assert (f["published"], f["headcount"]) == (3, 10)  # the draft is not published
    assert (f["applications"], f["at_fairs"], f["intents"], f["hires"]) == (3, 1, 3, 1)
    assert (f["fairs"], f["fair_employers"], f["fair_positions"]) == (2, 3, 3)  # the pending booth is not counted
    assert (f["registered"], f["checked_in"], f["fair_intents"]) == (4, 2, 1)
    assert (f["follow_ups_due"], f["follow_ups_done"], f["follow_ups_overdue"]) == (3, 2, 1)
    funnel = f["section"].charts[0]
    assert funnel.id == "jobs-funnel" and funnel.data == [3, 3, 1]
    assert f["section"].charts[1].data == [1, 1, 1]
    rows = f["section"].table.rows
    assert [row[0] for row in rows] == [data["fairs"][1].title, data["fairs"][0].title]  # newest first
    assert rows[1][2:] == [2, 2, 3, 2, 1]  # employers, positions, registered, checked in, intents
    assert rows[0][2:] == [1, 2, 1, 0, 0]


def test_dashboard_figures_per_region(data):
    fuzhou = _figures(region=region("350100"))
    assert (fuzhou["published"], fuzhou["headcount"]) == (2, 5)
    assert (fuzhou["applications"], fuzhou["intents"], fuzhou["hires"]) == (2, 2, 1)
    assert (fuzhou["fairs"], fuzhou["registered"], fuzhou["checked_in"], fuzhou["fair_intents"]) == (1, 3, 2, 1)
    assert fuzhou["follow_ups_due"] == 3
    nantong = _figures(region=region("320612"))
    assert (nantong["published"], nantong["headcount"]) == (1, 5)
    assert (nantong["applications"], nantong["intents"], nantong["hires"]) == (1, 1, 0)
    assert nantong["fairs"] == 0  # the Nantong fair is held at city level, outside the district
    assert nantong["follow_ups_due"] == 0
    assert _figures(region=region("320600"))["fairs"] == 1


def test_dashboard_figures_per_period(data):
    march = _figures(start=datetime.date(2026, 3, 1), end=datetime.date(2026, 3, 31))
    assert (march["published"], march["headcount"]) == (2, 8)
    assert (march["applications"], march["intents"], march["hires"]) == (2, 2, 1)
    assert (march["fairs"], march["fair_employers"], march["fair_positions"], march["registered"]) == (1, 2, 2, 3)
    assert march["follow_ups_due"] == 0
    fuzhou_may = _figures(region=region("350102"), start=datetime.date(2026, 5, 1), end=datetime.date(2026, 5, 31))
    assert (fuzhou_may["published"], fuzhou_may["applications"], fuzhou_may["intents"]) == (1, 1, 1)
    assert fuzhou_may["hires"] == 0 and fuzhou_may["fairs"] == 0
    summer = _figures(start=datetime.date(2026, 6, 1), end=datetime.date(2026, 9, 30))
    assert (summer["follow_ups_due"], summer["follow_ups_done"], summer["follow_ups_overdue"]) == (2, 1, 1)


def test_dashboard_page_shows_the_jobs_section(client, data):
    cache.clear()
    client.force_login(StaffFactory())
    page = client.get("/staff/").content.decode()
    assert 'id="jobs-fairs"' in page and "jobs-funnel" in page


# --- exports ------------------------------------------------------------------------------------------------------


def _csv(response):
    assert response.status_code == 200, response.status_code
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def test_application_export_is_masked_filtered_and_audited(client, data):
    staff = StaffFactory()
    client.force_login(staff)
    v1 = data["veterans"][0]
    full_id = v1.veteran_profile.get_id_number()
    rows = _csv(client.get("/staff/exports/jobs-applications.csv?unmask=1"))
    assert len(rows) == 4
    body = "\n".join(",".join(row) for row in rows)
    assert full_id not in body and "王一强" not in body and "13900000000" not in body
    assert v1.veteran_profile.masked_id_number in body and v1.veteran_profile.masked_name in body
    nantong = region("320600")
    only_nantong = _csv(client.get(f"/staff/exports/jobs-applications.csv?city={nantong.pk}"))
    assert len(only_nantong) == 2 and only_nantong[1][0] == data["positions"][2].title
    entry = AuditLog.objects.filter(actor=staff, action=AuditLog.Action.EXPORT).latest("pk")
    assert entry.detail["export"] == "jobs-applications" and entry.detail["rows"] == 1


def test_registration_positions_and_fair_exports(client, data):
    client.force_login(StaffFactory())
    registrations = _csv(client.get(f"/staff/exports/jobs-fair-registrations.csv?fair={data['fairs'][0].pk}"))
    assert len(registrations) == 4
    assert all("王" not in row[2] or "*" in row[2] for row in registrations[1:])
    assert data["veterans"][0].veteran_profile.get_id_number() not in str(registrations)
    positions = _csv(client.get("/staff/exports/jobs-positions.csv?status=published"))
    assert len(positions) == 4
    fairs = _csv(client.get("/staff/exports/jobs-fairs.csv"))
    header, first = fairs[0], fairs[1]
    assert first[0] == data["fairs"][0].title
    figures = first[header.index(next(h for h in header if h in ("Employers at the fair", "参会单位数"))) :]
    assert [int(v) for v in figures] == [2, 2, 3, 2, 1, 1, 1]  # employers … hires


def test_exports_refuse_non_staff(client, data):
    client.force_login(VeteranFactory())
    for key in ("jobs-applications", "jobs-positions", "jobs-fairs", "jobs-fair-registrations"):
        assert client.get(f"/staff/exports/{key}.csv").status_code in (403, 404)
    client.force_login(UserFactory())
    assert client.get("/staff/exports/jobs-applications.xlsx").status_code in (403, 404)


# --- acting for a veteran -----------------------------------------------------------------------------------------


def _act_for(client, staff, veteran):
    client.force_login(staff)
    assert client.post(f"/staff/act/{veteran.pk}/start/").status_code == 302


def test_staff_registers_the_veteran_for_a_fair_and_the_veteran_sees_it(client):
    staff = StaffFactory(first_name="晓", last_name="张")
    veteran = VeteranFactory()
    fair = JobFairFactory()
    _act_for(client, staff, veteran)
    home = client.get("/staff/act/current/").content.decode()
    assert "/jobs/staff/act/fair-register/" in home and "/jobs/staff/act/apply/" in home
    form = client.get("/jobs/staff/act/fair-register/")
    assert form.status_code == 200 and fair.title in form.content.decode()
    response = client.post("/jobs/staff/act/fair-register/", {"fair": fair.pk})
    assert response.status_code == 302
    assert FairRegistration.objects.filter(fair=fair, user=veteran).count() == 1
    entry = AuditLog.objects.get(detail__event="jobs.fair_register")
    assert entry.on_behalf_of == veteran and entry.actor == staff and entry.target_id == str(fair.pk)
    again = client.post("/jobs/staff/act/fair-register/", {"fair": fair.pk})
    assert again.status_code == 400
    client.force_login(veteran)
    mine = client.get("/me/").content.decode()
    listing = mine.split('id="acted-for-me"')[1].split("</ul>")[0]
    assert staff.get_full_name() in listing


def test_staff_applies_to_a_position_for_the_veteran(client):
    staff = StaffFactory()
    veteran = VeteranFactory()
    position = PositionFactory()
    closed = PositionFactory(status=Position.Status.CLOSED)
    _act_for(client, staff, veteran)
    assert client.post("/jobs/staff/act/apply/", {"position": closed.pk, "share_consent": "on"}).status_code == 400
    response = client.post(
        "/jobs/staff/act/apply/", {"position": position.pk, "note": "代为投递", "share_consent": "on"}
    )
    assert response.status_code == 302
    application = Application.objects.get(position=position, veteran=veteran)
    assert application.note == "代为投递"
    entry = AuditLog.objects.get(detail__event="jobs.position_apply")
    assert entry.on_behalf_of == veteran and entry.detail["application"] == application.pk


def test_acting_views_refuse_non_staff_and_need_a_chosen_veteran(client):
    client.force_login(VeteranFactory())
    assert client.get("/jobs/staff/act/fair-register/").status_code == 403
    client.force_login(StaffFactory())
    response = client.get("/jobs/staff/act/apply/")
    assert response.status_code == 302 and response["Location"] == "/staff/act/"
