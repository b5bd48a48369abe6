"""Leases for long background work, so a run that a killed worker left behind is taken over within minutes, and
never by two workers at once.

A job row (an import, an export) carries `status`, `queued_at`, `lease` (a random token) and `heartbeat_at`. A
worker *takes* the job with one conditional UPDATE — from its waiting status, or from running when the heartbeat is
older than `settings.WORK_STALLED_AFTER_SECONDS` — and gets a fresh token. While it works it *beats*: an UPDATE of
the heartbeat (and its progress) filtered by its token, so a worker that was presumed dead and replaced finds zero
rows and stops instead of writing beside its successor. A sweeper (each app's beat task, every minute) re-queues
the jobs whose heartbeat went stale, and those still waiting long after `queued_at` (their message was lost); the
broker's own redelivery (acks_late, visibility timeout) remains the slow fallback. Duplicate deliveries are
harmless: only one of them can take the lease.

Push fan-outs (jobs.matching.PushRun) use the same idea through a row lock held for each batch and `updated_at`
as the heartbeat; `stalled()` serves both.
"""

import datetime
import uuid

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone


class LeaseLost(Exception):
    """Another worker took the job over (this one was presumed dead): stop without touching it."""


def stalled_after() -> datetime.timedelta:
    return datetime.timedelta(seconds=max(5, int(settings.WORK_STALLED_AFTER_SECONDS)))


def _stale(field: str) -> Q:
    return Q(**{f"{field}__lt": timezone.now() - stalled_after()}) | Q(**{f"{field}__isnull": True})


def lease_take(model, *, pk: int, waiting: str, running: str, **fields) -> str | None:
    """Take job `pk` for this worker: from `waiting`, or from `running` with a stale heartbeat. Returns the lease
    token, or None when the job is gone, finished or held by a live worker. `fields` are set on taking."""
    token = uuid.uuid4().hex
    taken = (
        model.objects.filter(pk=pk)
        .filter(Q(status=waiting) | (Q(status=running) & _stale("heartbeat_at")))
        .update(status=running, lease=token, heartbeat_at=timezone.now(), attempts=F("attempts") + 1, **fields)
    )
    return token if taken else None


def lease_beat(model, *, pk: int, token: str, **fields) -> None:
    """Record progress and prove this worker is alive. Raises LeaseLost when the job was taken over."""
    if not model.objects.filter(pk=pk, lease=token).update(heartbeat_at=timezone.now(), **fields):
        raise LeaseLost(f"{model._meta.label} {pk}")


def lease_end(model, *, pk: int, token: str, **fields) -> bool:
    """Finish the job (`fields` set its final status); False when the job was taken over or deleted meanwhile."""
    return bool(model.objects.filter(pk=pk, lease=token).update(lease="", heartbeat_at=timezone.now(), **fields))


def stalled(queryset, *, running: str, heartbeat: str = "heartbeat_at") -> list:
    """Rows of `queryset` running without a heartbeat for longer than stalled_after(). Rows a live worker holds
    locked (PushRun during a batch) are skipped, so a slow batch is never mistaken for a dead worker."""
    with transaction.atomic():
        return list(queryset.filter(_stale(heartbeat), status=running).select_for_update(skip_locked=True))


def waiting_too_long(queryset, *, waiting: str, since: str = "queued_at") -> list:
    """Rows still waiting a while after they were (last) queued: their message may have been lost (a broker
    restart). Whoever sends them again sets `since` anew (requeued), so a lost message is resent every few minutes,
    not every sweep."""
    return list(queryset.filter(status=waiting, **{f"{since}__lt": timezone.now() - 2 * stalled_after()}))


def requeued(model, rows: list, *, since: str = "queued_at") -> list:
    """Record that `rows` were just sent to the queue again; returns them."""
    model.objects.filter(pk__in=[row.pk for row in rows]).update(**{since: timezone.now()})
    return rows
