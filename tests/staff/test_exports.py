"""Exports: current filters applied, masked unless explicitly unmasked by a permitted user, always audited."""

import csv
import io

import pytest
from openpyxl import load_workbook

from portal.models import AuditLog, Region
from tests.factories import StaffFactory, VeteranFactory
from tests.staff.helpers import staff_with

pytestmark = pytest.mark.django_db


def _csv(response):
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def _xlsx(response):
    data = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def veterans():
    return [
        VeteranFactory(profile__real_name="李强", profile__region_code="350102"),
        VeteranFactory(profile__real_name="王芳", profile__region_code="350103"),
        VeteranFactory(profile__real_name="赵磊", profile__region_code="320612"),
    ]


def test_csv_export_applies_filters_masks_and_is_audited(client, veterans):
    staff = StaffFactory()
    client.force_login(staff)
    fuzhou = Region.objects.get(code="350100")
    response = client.get(f"/staff/exports/veterans.csv?city={fuzhou.pk}")
    assert response.status_code == 200
    rows = _csv(response)
    assert len(rows) == 3  # header + the two Fuzhou veterans
    body = str(rows)
    for user in veterans:
        assert user.veteran_profile.get_id_number() not in body
    assert veterans[0].veteran_profile.masked_id_number in body
    assert "李*" in body and "李强" not in body
    entry = AuditLog.objects.get(action=AuditLog.Action.EXPORT)
    assert entry.actor == staff
    assert entry.detail == {
        "export": "veterans",
        "format": "csv",
        "filters": {"region": "350100"},
        "rows": 2,
        "unmasked": False,
    }
    assert not AuditLog.objects.filter(action=AuditLog.Action.UNMASK).exists()


def test_xlsx_export_is_masked_for_staff_without_the_permission_even_when_asking(client, veterans):
    client.force_login(StaffFactory())
    rows = _xlsx(client.get("/staff/exports/veterans.xlsx?unmask=1"))
    assert len(rows) == 4
    flat = str(rows)
    for user in veterans:
        assert user.veteran_profile.get_id_number() not in flat
    assert AuditLog.objects.get(action=AuditLog.Action.EXPORT).detail["unmasked"] is False


def test_unmask_permission_gives_full_ids_and_audits_the_unmasking(client, veterans):
    staff = staff_with("view_full_id_number")
    client.force_login(staff)
    masked = _xlsx(client.get("/staff/exports/veterans.xlsx"))
    assert veterans[0].veteran_profile.get_id_number() not in str(masked)  # opt-in only
    rows = _xlsx(client.get("/staff/exports/veterans.xlsx?unmask=1"))
    assert veterans[0].veteran_profile.get_id_number() in str(rows)
    unmask = AuditLog.objects.get(action=AuditLog.Action.UNMASK)
    assert unmask.actor == staff and unmask.detail["rows"] == 3 and unmask.detail["unmasked"] is True


def test_organization_and_audit_exports(client, veterans):
    staff = staff_with("browse_auditlog")
    client.force_login(staff)
    rows = _csv(client.get("/staff/exports/organizations.csv"))
    from portal.models import Organization

    assert len(rows) == 1 + Organization.objects.count()
    client.get("/staff/exports/veterans.csv")
    audit_rows = _csv(client.get("/staff/exports/audit.csv?action=export"))
    assert len(audit_rows) >= 3  # header + the two exports before this one
    assert all(staff.username in row for row in audit_rows[1:])


def test_audit_export_needs_the_browse_permission(client):
    client.force_login(StaffFactory())
    assert client.get("/staff/exports/audit.csv").status_code == 403
    assert client.get("/staff/exports/nothing.csv").status_code == 404
    assert client.get("/staff/exports/veterans.pdf").status_code == 404


def test_csv_cells_cannot_inject_formulas(client):
    VeteranFactory(profile__real_name="=cmd")
    staff = staff_with("view_full_id_number")
    client.force_login(staff)
    rows = _csv(client.get("/staff/exports/veterans.csv?unmask=1"))
    assert rows[1][0] == "'=cmd"


def test_veteran_list_page_shows_only_masked_ids(client, veterans):
    client.force_login(staff_with("view_full_id_number"))
    fuzhou = Region.objects.get(code="350100")
    page = client.get(f"/staff/veterans/?city={fuzhou.pk}").content.decode()
    assert veterans[0].veteran_profile.masked_id_number in page
    for user in veterans:
        assert user.veteran_profile.get_id_number() not in page
    assert veterans[2].veteran_profile.masked_id_number not in page  # filtered out (Nantong)
