"""Times a person downloads are local (Asia/Shanghai), not the UTC the database returns."""

import datetime
import json

import pytest

from jobs.models import Application
from jobs.services.applications import application_submit
from portal.staff.exports import _cell
from tests.factories import OrgMemberFactory, VeteranFactory
from tests.jobs.factories import PositionFactory

pytestmark = pytest.mark.django_db

# 00:30 on 2 December in Shanghai
AFTER_LOCAL_MIDNIGHT = datetime.datetime(2031, 12, 1, 16, 30, tzinfo=datetime.UTC)


def test_data_download_writes_local_times(client):
    employer = OrgMemberFactory(org_type="employer")
    application = application_submit(
        share_consent=True,
        channel="web",
        position=PositionFactory(organization=employer.organization),
        veteran=VeteranFactory(),
    )
    Application.objects.filter(pk=application.pk).update(created_at=AFTER_LOCAL_MIDNIGHT)
    user = application.veteran
    user.__class__.objects.filter(pk=user.pk).update(date_joined=AFTER_LOCAL_MIDNIGHT)
    client.force_login(user)
    data = json.loads(client.get("/me/data.json").content)
    assert data["account"]["date_joined"].startswith("2031-12-02T00:30:00")
    assert data["jobs"]["applications"][0]["applied_at"] == "2031-12-02T00:30:00+08:00"


def test_export_cell_writes_a_raw_datetime_in_local_time():
    assert _cell(AFTER_LOCAL_MIDNIGHT) == "2031-12-02 00:30:00"
