"""Audit-log retention: entries older than the retention period are purged nightly."""

import datetime

from django.conf import settings
from django.utils import timezone

from portal.models import AuditLog


def audit_retention_days() -> int:
    """Never below 180 days (the issue's six months), whatever the setting says."""
    return max(180, int(getattr(settings, "AUDIT_LOG_RETENTION_DAYS", 365)))


def audit_log_purge(*, now: datetime.datetime | None = None) -> int:
    cutoff = (now or timezone.now()) - datetime.timedelta(days=audit_retention_days())
    # QuerySet.delete() bypasses AuditLog.delete(), which refuses deletion from the site on purpose.
    deleted, _by_model = AuditLog.objects.filter(created_at__lt=cutoff).delete()
    return deleted
