"""Every date and time a person reads is Asia/Shanghai time, in every export and format and on the staff lists.

Rows are stamped just after and just before local midnight: 00:30 on 2 December in Shanghai is 16:30 on 1 December
UTC, so a `.date()` or `strftime` on the stored UTC value reads "1 December"; 23:30 local is 15:30 UTC."""

import datetime

import pytest
from django.apps import apps
from django.db import DatabaseError, models, transaction

from portal.staff.exports import WRITERS, registered_exports
from tests.staff.test_exports_all import _body, _staff_with_every_export_permission, parse, seed_demo_data

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
# (stored instant, the local day and time a reader must see)
JUST_AFTER_MIDNIGHT = (datetime.datetime(2031, 12, 1, 16, 30, tzinfo=UTC), "2031-12-02", "00:30")
JUST_BEFORE_MIDNIGHT = (datetime.datetime(2031, 12, 1, 15, 30, tzinfo=UTC), "2031-12-01", "23:30")
# Exports with no date or time column: organizations; subsidy totals (sums per month, no day or time of day).
WITHOUT_TIMES = {"organizations", "training-subsidy-totals"}


def stamp_every_datetime(instant: datetime.datetime) -> None:
    """Set every stored (non-null) date-time of every row to `instant`. A column whose check constraint refuses it
    (a fair cannot start after it ends) keeps its value."""
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.DateTimeField):
                continue
            try:
                with transaction.atomic():
                    model._base_manager.exclude(**{field.attname: None}).update(**{field.attname: instant})
            except DatabaseError:
                pass


def _stamped_cells(rows: list[list[str]]) -> list[str]:
    return [cell for row in rows[1:] for cell in row if "2031-" in cell]


@pytest.mark.parametrize("stamp", [JUST_AFTER_MIDNIGHT, JUST_BEFORE_MIDNIGHT], ids=["00:30", "23:30"])
def test_every_export_shows_local_dates_and_times(client, stamp):
    instant, local_day, local_time = stamp
    seed_demo_data()
    stamp_every_datetime(instant)
    client.force_login(_staff_with_every_export_permission())
    failures = []
    for key in registered_exports():
        for file_format in WRITERS:
            response = client.get(f"/staff/exports/{key}.{file_format}")
            assert response.status_code == 200, (key, file_format)
            cells = _stamped_cells(parse(file_format, _body(response)))
            if key not in WITHOUT_TIMES and not cells:
                failures.append(f"{key}.{file_format}: no date or time from the stamped rows")
            for cell in cells:
                clock = cell[11:16]
                # XLSX gives a date cell back as "2031-12-02 00:00:00": a day, not a time of day
                date_only = clock == "" or (file_format == "xlsx" and cell[11:] == "00:00:00")
                if cell[:10] != local_day or not (date_only or clock == local_time):
                    failures.append(f"{key}.{file_format}: {cell!r}, expected {local_day} {local_time}")
                    break
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("stamp", [JUST_AFTER_MIDNIGHT, JUST_BEFORE_MIDNIGHT], ids=["00:30", "23:30"])
def test_staff_list_pages_show_local_dates(client, stamp):
    instant, local_day, local_time = stamp
    seed_demo_data()
    stamp_every_datetime(instant)
    client.force_login(_staff_with_every_export_permission())
    year, month, day = (int(part) for part in local_day.split("-"))
    shown = f"{year}-{month:02d}-{day:02d}"  # the project's one date style
    utc_day = instant.date()
    wrong = utc_day.strftime("%Y-%m-%d") if utc_day.day != day else None
    for url in [
        "/staff/veterans/",
        "/entrepreneurship/staff/residencies/",
        "/entrepreneurship/staff/loans/",
    ]:
        body = client.get(url).content.decode()
        assert shown in body, url
        assert not wrong or wrong not in body, url
    audit = client.get("/staff/audit/").content.decode()  # the audit log shows the time of day as text
    assert f"{local_day} {local_time}" in audit
