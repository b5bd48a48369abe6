"""The audit-log browser (permission, filters, read-only) and retention (never below 180 days)."""

import datetime

import pytest
from django.utils import timezone

from portal.models import AuditLog
from portal.services.audit import audit_record
from portal.staff.services import audit_log_purge, audit_retention_days
from tests.factories import StaffFactory
from tests.staff.helpers import staff_with

pytestmark = pytest.mark.django_db


def _entry(actor, action, days_ago=0):
    entry = audit_record(actor=actor, action=action, detail={"k": "v"})
    AuditLog.objects.filter(pk=entry.pk).update(created_at=timezone.now() - datetime.timedelta(days=days_ago))
    return entry


def test_browser_filters_by_user_action_and_date(client):
    auditor = staff_with("browse_auditlog", username="auditor")
    alice = StaffFactory(username="alice")
    _entry(alice, AuditLog.Action.EXPORT, days_ago=1)
    _entry(alice, AuditLog.Action.ACT_FOR, days_ago=40)
    _entry(auditor, AuditLog.Action.EXPORT)
    client.force_login(auditor)
    # Giving the auditor browse_auditlog is itself an entry (sensitive grant, no actor: made outside the admin).
    assert AuditLog.objects.filter(action=AuditLog.Action.ACCESS).count() == 1
    assert client.get("/staff/audit/").context["page"].paginator.count == 4
    assert client.get("/staff/audit/", {"user": "alice"}).context["page"].paginator.count == 2
    assert client.get("/staff/audit/", {"user": "alice", "action": "export"}).context["page"].paginator.count == 1
    since = (timezone.localdate() - datetime.timedelta(days=10)).isoformat()
    assert client.get("/staff/audit/", {"date_from": since}).context["page"].paginator.count == 3


def test_audit_page_has_no_way_to_change_entries(client):
    client.force_login(staff_with("browse_auditlog"))
    _entry(None, AuditLog.Action.OTHER)
    html = client.get("/staff/audit/").content.decode()
    assert 'method="post"' not in html.split('id="export-links"')[1]


def test_retention_never_below_180_days(settings):
    settings.AUDIT_LOG_RETENTION_DAYS = 30
    assert audit_retention_days() == 180
    settings.AUDIT_LOG_RETENTION_DAYS = 400
    assert audit_retention_days() == 400


def test_purge_deletes_only_entries_older_than_retention(settings):
    settings.AUDIT_LOG_RETENTION_DAYS = 365
    staff = StaffFactory()
    keep_recent = _entry(staff, AuditLog.Action.EXPORT, days_ago=200)
    keep_edge = _entry(staff, AuditLog.Action.EXPORT, days_ago=364)
    _entry(staff, AuditLog.Action.EXPORT, days_ago=366)
    assert audit_log_purge() == 1
    assert set(AuditLog.objects.values_list("pk", flat=True)) == {keep_recent.pk, keep_edge.pk}
    from portal.staff.tasks import purge_audit_log

    assert purge_audit_log.delay().get() == 0
