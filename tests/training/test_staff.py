"""Training in the staff workbench: dashboard figures, exports (masked, audited, staff only), acting for a
veteran to enrol them in a class."""

import csv
import datetime
import io
import itertools
import zoneinfo
from decimal import Decimal

import pytest

from portal.models import AuditLog, Region
from tests.factories import StaffFactory, UserFactory, VeteranFactory
from tests.training.factories import TrainingClassFactory, hire
from training import selectors
from training.models import Course, Enrollment, SubsidyClaim

pytestmark = pytest.mark.django_db
TZ = zoneinfo.ZoneInfo("Asia/Shanghai")
_seq = itertools.count(1)


def at(month, day, hour=10, minute=0):
    return datetime.datetime(2025, month, day, hour, minute, tzinfo=TZ)


def enrol(cls, *, created, status, completed=None, veteran=None):
    e = Enrollment.objects.create(
        training_class=cls,
        veteran=veteran or VeteranFactory(),
        status=status,
        sequence=next(_seq),
        completed_at=completed,
    )
    Enrollment.objects.filter(pk=e.pk).update(created_at=created)  # auto_now_add: set the date by hand
    e.refresh_from_db()
    return e


def claim(enrollment, amount, *, filed, status, decided=None, paid=None):
    c = SubsidyClaim.objects.create(
        enrollment=enrollment, amount=Decimal(amount), status=status, decided_at=decided, paid_at=paid
    )
    SubsidyClaim.objects.filter(pk=c.pk).update(created_at=filed)
    return c


S, C = Enrollment.Status, SubsidyClaim.Status


@pytest.fixture
def data_set():
    gulou = TrainingClassFactory(region=Region.objects.get(code="350102"), course__course_type=Course.Type.VOCATIONAL)
    taijiang = TrainingClassFactory(region=Region.objects.get(code="350103"), course__course_type=Course.Type.ADAPTIVE)
    nantong = TrainingClassFactory(region=Region.objects.get(code="320612"), course__course_type=Course.Type.VOCATIONAL)
    g1 = enrol(gulou, created=at(3, 1), status=S.COMPLETED, completed=at(3, 20))
    hire(g1.veteran, datetime.date(2025, 5, 1))  # within 6 months
    claim(g1, 1500, filed=at(3, 25), status=C.PAID, decided=at(4, 1), paid=at(4, 10))
    g2 = enrol(gulou, created=at(3, 2), status=S.COMPLETED, completed=at(3, 20))
    hire(g2.veteran, datetime.date(2025, 12, 1))  # 8 months later: does not count
    claim(g2, 1500, filed=at(3, 26), status=C.APPROVED, decided=at(4, 2))
    enrol(gulou, created=at(6, 5), status=S.ENROLLED)
    enrol(taijiang, created=at(3, 10), status=S.WAITLISTED)
    t2 = enrol(taijiang, created=at(3, 11), status=S.COMPLETED, completed=at(4, 30, 23, 30))  # late on 30 April
    hire(t2.veteran, datetime.date(2025, 6, 1))
    claim(t2, 800, filed=at(5, 2), status=C.SUBMITTED)
    n1 = enrol(nantong, created=at(3, 5), status=S.COMPLETED, completed=at(3, 30))
    hire(n1.veteran, datetime.date(2025, 4, 15))
    claim(n1, 2000, filed=at(4, 1), status=C.REJECTED, decided=at(4, 3))


def figures(section):
    return {str(f.label): f.value for f in section.figures}


KEYS = [
    "Training enrolments",
    "On a waitlist",
    "Training completions",
    "Graduates employed within 6 months of training",
    "Share of decided graduates employed within 6 months (%)",
    "Subsidy claims filed",
    "Subsidy amount claimed (CNY)",
    "Subsidy amount approved (CNY)",
    "Subsidy amount paid (CNY)",
]


@pytest.mark.parametrize(
    "region_code, start, end, expected",
    [
        (None, None, None, [6, 1, 4, 3, 75.0, 4, 5800, 3000, 1500]),
        ("350100", datetime.date(2025, 3, 1), datetime.date(2025, 4, 30), [4, 1, 3, 2, 66.7, 2, 3000, 3000, 1500]),
        ("350102", datetime.date(2025, 4, 1), None, [1, 0, 0, 0, 0, 0, 0, 3000, 1500]),
        ("350103", None, datetime.date(2025, 4, 29), [2, 1, 0, 0, 0, 0, 0, 0, 0]),
        ("320600", None, None, [1, 0, 1, 1, 100.0, 1, 2000, 0, 0]),
    ],
)
def test_dashboard_figures_equal_hand_counts(data_set, region_code, start, end, expected):
    region = Region.objects.get(code=region_code) if region_code else None
    got = figures(selectors.dashboard_figures(region=region, start=start, end=end))
    assert [got[k] for k in KEYS] == expected


def test_dashboard_charts_table_and_query_count(data_set, django_assert_num_queries):
    fuzhou = Region.objects.get(code="350100")
    with django_assert_num_queries(5):  # four aggregates and the payments by institution
        section = selectors.dashboard_figures(
            region=fuzhou, start=datetime.date(2025, 3, 1), end=datetime.date(2025, 4, 30)
        )
    types = next(c for c in section.charts if c.id == "training-types")
    assert dict(zip(types.labels, types.data, strict=True)) == {
        "Adaptive training": 2,
        "Vocational skills": 2,
        "Academic upgrading": 0,
        "Entrepreneurship training": 0,
        "Lifelong education": 0,
        "Training for service and management staff": 0,
    }
    money = next(c for c in section.charts if c.id == "training-subsidies")
    assert money.data == [3000, 3000, 1500]
    assert [row[0] for row in section.table.rows] == ["350102", "350103"]
    assert [row[2:] for row in section.table.rows] == [[2, 2], [2, 1]]


def test_staff_dashboard_page_shows_the_training_section(client, data_set):
    client.force_login(StaffFactory())
    page = client.get("/staff/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "training-types" in body and "training-regions" in body
    assert "培训报名人次" in body or "Training enrolments" in body


# --- exports ---------------------------------------------------------------------------------------------------


def _csv(response):
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


@pytest.fixture
def named_data():
    cls = TrainingClassFactory(region=Region.objects.get(code="350102"))
    other = TrainingClassFactory(region=Region.objects.get(code="320612"))
    li = VeteranFactory(profile__real_name="李建军", profile__phone="13812345678")
    wang = VeteranFactory(profile__real_name="王海涛")
    e1 = enrol(cls, created=at(3, 1), status=S.COMPLETED, completed=at(3, 20), veteran=li)
    enrol(other, created=at(3, 1), status=S.ENROLLED, veteran=wang)
    claim(e1, 1500, filed=at(3, 25), status=C.SUBMITTED)
    return li, wang


@pytest.mark.parametrize("key", ["training-enrolments", "training-subsidy-claims"])
def test_exports_are_masked_by_default_and_audited(client, named_data, key):
    li, wang = named_data
    staff = StaffFactory()
    client.force_login(staff)
    response = client.get(f"/staff/exports/{key}.csv", {"unmask": "1"})  # no permission: ignored
    assert response.status_code == 200
    rows = _csv(response)
    body = str(rows)
    for user in (li, wang):
        assert user.veteran_profile.get_id_number() not in body
        assert user.veteran_profile.real_name not in body
    assert li.veteran_profile.masked_id_number in body and "李**" in body
    assert "13812345678" not in body and "138****5678" in body
    entry = AuditLog.objects.get(action=AuditLog.Action.EXPORT)
    assert entry.actor == staff and entry.detail["export"] == key and entry.detail["unmasked"] is False
    assert entry.detail["rows"] == len(rows) - 1


def test_enrolment_export_applies_filters(client, named_data):
    li, _wang = named_data
    client.force_login(StaffFactory())
    fuzhou = Region.objects.get(code="350100")
    rows = _csv(client.get("/staff/exports/training-enrolments.csv", {"city": fuzhou.pk}))
    assert len(rows) == 2 and li.veteran_profile.masked_id_number in rows[1]
    rows = _csv(client.get("/staff/exports/training-enrolments.csv", {"status": "enrolled"}))
    assert len(rows) == 2 and "王**" in rows[1]


def test_xlsx_export_of_claims(client, named_data):
    from openpyxl import load_workbook

    client.force_login(StaffFactory())
    response = client.get("/staff/exports/training-subsidy-claims.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert len(rows) == 2 and 1500 in rows[1]


@pytest.mark.parametrize("key", ["training-enrolments", "training-subsidy-claims"])
def test_exports_refuse_non_staff(client, named_data, key):
    li, _wang = named_data
    for user in (li, UserFactory()):
        client.force_login(user)
        assert client.get(f"/staff/exports/{key}.csv").status_code in (403, 404)
    assert not AuditLog.objects.filter(action=AuditLog.Action.EXPORT).exists()


# --- acting for a veteran --------------------------------------------------------------------------------------


def _start(client, staff, veteran):
    client.force_login(staff)
    assert client.post(f"/staff/act/{veteran.pk}/start/").status_code == 302


def test_staff_enrols_the_veteran_and_it_is_recorded(client):
    staff = StaffFactory(first_name="晓", last_name="张")
    veteran = VeteranFactory(profile__real_name="陈建国", profile__region_code="350102")
    cls = TrainingClassFactory(course__title="工业机器人运维", capacity=5)
    elsewhere = TrainingClassFactory(course__title="电商直播", region=Region.objects.get(code="320612"))
    _start(client, staff, veteran)
    home = client.get("/staff/act/current/").content.decode()
    assert "/training/staff/act/enrol/" in home
    page = client.get("/training/staff/act/enrol/").content.decode()
    assert "工业机器人运维" in page and "电商直播" not in page  # another province, not cross-region
    assert veteran.veteran_profile.get_id_number() not in page and "陈建国" not in page
    response = client.post("/training/staff/act/enrol/", {"training_class": cls.pk})
    assert response.status_code == 302 and response["Location"] == "/staff/act/current/"
    enrollment = Enrollment.objects.get(training_class=cls, veteran=veteran)
    assert enrollment.status == Enrollment.Status.ENROLLED
    entry = AuditLog.objects.get(action=AuditLog.Action.ACT_FOR, detail__event="training.enrol")
    assert entry.actor == staff and entry.on_behalf_of == veteran
    assert entry.detail["class"] == cls.pk
    # a class of another province is refused, not enrolled
    assert client.post("/training/staff/act/enrol/", {"training_class": elsewhere.pk}).status_code == 400
    assert not Enrollment.objects.filter(training_class=elsewhere).exists()
    # the veteran sees who acted and what was done
    client.force_login(veteran)
    listing = client.get("/me/").content.decode().split('id="acted-for-me"')[1].split("</ul>")[0]
    assert staff.get_full_name() in listing
    assert "报名培训班次" in listing or "Enrol in a training class" in listing


def test_acting_enrolment_twice_is_refused_with_a_message(client):
    staff = StaffFactory()
    veteran = VeteranFactory(profile__region_code="350102")
    cls = TrainingClassFactory()
    _start(client, staff, veteran)
    assert client.post("/training/staff/act/enrol/", {"training_class": cls.pk}).status_code == 302
    again = client.post("/training/staff/act/enrol/", {"training_class": cls.pk})
    assert again.status_code == 400  # no longer in the list of classes open to this veteran
    assert Enrollment.objects.filter(training_class=cls, veteran=veteran).count() == 1
    assert AuditLog.objects.filter(detail__event="training.enrol").count() == 1


def test_acting_enrolment_needs_staff_and_a_chosen_veteran(client):
    cls = TrainingClassFactory()
    veteran = VeteranFactory(profile__region_code="350102")
    client.force_login(veteran)
    assert client.post("/training/staff/act/enrol/", {"training_class": cls.pk}).status_code == 403
    client.force_login(StaffFactory())
    response = client.get("/training/staff/act/enrol/")
    assert response.status_code == 302 and response["Location"] == "/staff/act/"
    assert not Enrollment.objects.exists()
