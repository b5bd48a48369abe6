"""Every registered staff export, in every format, gives a valid file from the demo data, with masking intact."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from openpyxl import load_workbook

from benefits.models import Card
from portal.models import VeteranProfile
from portal.staff.exports import WRITERS, registered_exports
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def seed_demo_data():
    """What `manage.py seed_demo` creates (its command refuses to run without a settings module name)."""
    from portal.management.commands.seed_demo import demo_data_seed

    demo_data_seed(stdout=io.StringIO(), accounts={})


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def parse(file_format: str, data: bytes) -> list[list[str]]:
    """Every row of the file as text cells (the header included)."""
    if file_format == "csv":
        return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]


def _staff_with_every_export_permission(*extra: str):
    user = StaffFactory()
    names = {d.permission for d in registered_exports().values() if d.permission} | set(extra)
    for name in names:
        app_label, codename = name.split(".")
        user.user_permissions.add(Permission.objects.get(codename=codename, content_type__app_label=app_label))
    return user.__class__.objects.get(pk=user.pk)


def _personal_values():
    ids, names = set(), set()
    for profile in VeteranProfile.objects.all():
        ids.add(profile.get_id_number())
        if len(profile.real_name) > 1:
            names.add(profile.real_name)
    cards = set(Card.objects.exclude(number="").values_list("number", flat=True))
    return ids, names, cards


def test_every_export_in_every_format_is_a_valid_file_masked_unless_unmasked(client):
    seed_demo_data()
    definitions = registered_exports()
    assert {"veterans", "jobs-positions", "training-enrolments", "residencies", "benefit_cards"} <= set(definitions)
    client.force_login(_staff_with_every_export_permission())
    ids, names, cards = _personal_values()
    assert ids and names and cards
    failures = []
    for key, definition in definitions.items():
        for file_format in WRITERS:
            response = client.get(f"/staff/exports/{key}.{file_format}")
            if response.status_code != 200:
                failures.append(f"{key}.{file_format}: HTTP {response.status_code}")
                continue
            rows = parse(file_format, _body(response))
            if rows[0] != [str(c.header) for c in definition.columns] or len(rows) < 2:
                failures.append(f"{key}.{file_format}: header or data rows missing ({len(rows)} rows)")
                continue
            if any(len(row) != len(definition.columns) for row in rows):
                failures.append(f"{key}.{file_format}: ragged rows")
            cells = {cell for row in rows[1:] for cell in row}
            text = "\n".join(cells)
            leaked = [i for i in ids if i in text] + sorted(cells & (names | cards))
            if leaked:
                failures.append(f"{key}.{file_format}: unmasked personal data {leaked[:3]}")
    assert not failures, "\n".join(failures)

    # and unmasking still gives the full numbers, to a staff member allowed to see them
    client.force_login(_staff_with_every_export_permission("portal.view_full_id_number"))
    veterans = "\n".join(c for r in parse("csv", _body(client.get("/staff/exports/veterans.csv?unmask=1"))) for c in r)
    assert all(i in veterans for i in ids)
    card_rows = parse("xlsx", _body(client.get("/staff/exports/benefit_cards.xlsx?unmask=1")))
    assert cards <= {c for r in card_rows for c in r}


def test_positions_xlsx_writes_lazy_yes_no_labels_as_text(client):
    """The positions export used to answer 500: lazy translations (_("yes")) were handed to openpyxl."""
    from tests.jobs.factories import PositionFactory

    PositionFactory(veteran_priority=True)
    client.force_login(StaffFactory())
    response = client.get("/staff/exports/jobs-positions.xlsx")
    assert response.status_code == 200
    rows = parse("xlsx", _body(response))
    column = [str(c.header) for c in registered_exports()["jobs-positions"].columns].index("退役军人优先")
    assert rows[1][column] == "是"
