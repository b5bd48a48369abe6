"""Exports: the audit of every export, and background export jobs (queued, written by the worker, downloaded once
by their requester, purged when they expire)."""

import datetime
import logging
import tempfile

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import work
from portal.models import AuditLog, ExportJob
from portal.permissions import is_bureau_staff
from portal.replica import heavy_reads
from portal.services.audit import audit_record
from portal.staff import exports
from portal.staff.tasks import run_export

logger = logging.getLogger(__name__)


def export_record(
    *, request, key: str, file_format: str, filters: dict, rows: int, unmasked: bool, job: ExportJob | None = None
) -> None:
    detail = {"export": key, "format": file_format, "filters": filters, "rows": rows, "unmasked": unmasked}
    if job is not None:
        detail.update({"job": job.pk, "event": "queued"})
    audit_record(actor=request.user, action=AuditLog.Action.EXPORT, detail=detail, request=request)
    if unmasked:
        audit_record(actor=request.user, action=AuditLog.Action.UNMASK, detail=detail, request=request)


def export_filters_repr(filters: dict) -> dict:
    """Filters as they are written to the audit log (a region by its code)."""
    return {k: str(getattr(v, "code", v)) for k, v in filters.items()}


# --- background exports ------------------------------------------------------------------------------------


def _export_ttl() -> datetime.timedelta:
    return datetime.timedelta(hours=max(1, int(getattr(settings, "EXPORT_FILE_HOURS", 24))))


def export_job_create(
    *, request, definition, query, file_format: str, filters: dict, unmask: bool, rows: int
) -> ExportJob:
    """Queue an export too large for one request. `query` is the request's filter parameters (QueryDict); the worker
    rebuilds filters, queryset and masking from it through the same `exports.export_request` as a direct download."""
    params = {key: values for key, values in query.lists() if key != "unmask"}
    with transaction.atomic():
        job = ExportJob.objects.create(
            requested_by=request.user,
            export_key=definition.key,
            file_format=file_format,
            query=params,
            unmasked=unmask,
            rows_total=rows,
            expires_at=timezone.now() + _export_ttl(),
        )
        export_record(
            request=request,
            key=definition.key,
            file_format=file_format,
            filters=export_filters_repr(filters),
            rows=rows,
            unmasked=unmask,
            job=job,
        )
        run_export.delay_on_commit(job.pk)
    return job


def _query_dict(params: dict) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, values in params.items():
        query.setlist(key, values)
    return query


def export_job_run(*, job_id: int) -> ExportJob | None:
    """Write a queued export's file, or write again one a killed worker left running (portal.work). The requester's
    rights are checked again: a permission removed since the request stops the export (or its unmasking)."""
    token = work.lease_take(ExportJob, pk=job_id, waiting=ExportJob.Status.QUEUED, running=ExportJob.Status.RUNNING)
    if token is None:
        return None  # gone, finished, or being written by a live worker
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)
    user, definition = job.requested_by, exports.registered_exports().get(job.export_key)
    if user is None or definition is None or not is_bureau_staff(user) or not definition.allowed(user):
        return _export_job_fail(job, token, _("You are no longer allowed to run this export."))
    query = _query_dict(job.query)
    _filters, form = definition.filters_from(query)
    if form is not None and form.is_bound and not form.is_valid():
        # e.g. a region or fair deleted since the request: never fall back to exporting everything
        return _export_job_fail(job, token, _("The filters of this export are no longer valid; please export again."))
    try:
        written = _export_file_write(job, definition, query, token)
    except work.LeaseLost:
        return None  # presumed dead and replaced: the other worker's file is the one that counts
    except Exception:  # a database error, a bad row, the time limit: report it, never leave the job running
        logger.exception("export job %s failed", job_id)
        return _export_job_fail(
            job, token, _("The export could not be completed; please try again or narrow the filters.")
        )
    now = timezone.now()
    finished = work.lease_end(
        ExportJob,
        pk=job.pk,
        token=token,
        status=ExportJob.Status.DONE,
        file=job.file.name,
        rows_done=written,
        rows_total=written,
        finished_at=now,
        expires_at=now + _export_ttl(),
    )
    if not finished:  # purged, or taken over, while the file was being written: leave no file behind
        job.file.delete(save=False)
        return None
    job.refresh_from_db()
    return job


def _export_file_write(job: ExportJob, definition, query, token: str) -> int:
    """Write the file into the job's storage (not yet recorded on the row); each progress step is a heartbeat."""
    _filters, queryset, unmask = exports.export_request(
        definition, query=query, user=job.requested_by, unmask_requested=job.unmasked
    )
    total = queryset.count()
    work.lease_beat(ExportJob, pk=job.pk, token=token, rows_total=total, rows_done=0, unmasked=unmask)

    def progress(rows_done):
        work.lease_beat(ExportJob, pk=job.pk, token=token, rows_done=rows_done)

    with tempfile.TemporaryFile() as handle, heavy_reads():
        written = exports.WRITERS[job.file_format](definition, queryset, unmask, handle, progress=progress)
        handle.seek(0)
        job.file.save(f"export.{job.file_format}", File(handle), save=False)
    return written


def _export_job_fail(job: ExportJob, token: str, message: str) -> ExportJob:
    if job.file:
        job.file.delete(save=False)
    work.lease_end(
        ExportJob,
        pk=job.pk,
        token=token,
        status=ExportJob.Status.FAILED,
        error=str(message)[:300],
        file="",
        finished_at=timezone.now(),
    )
    job.refresh_from_db()
    return job


def export_job_download(*, request, job: ExportJob):
    """Open a finished export's file for its requester (the view checks `can_download_export`), and audit it."""
    detail = {
        "export": job.export_key,
        "format": job.file_format,
        "job": job.pk,
        "event": "download",
        "rows": job.rows_total,
        "unmasked": job.unmasked,
    }
    handle = job.file.open("rb")
    audit_record(actor=request.user, action=AuditLog.Action.EXPORT, target=job, detail=detail, request=request)
    if job.unmasked:
        audit_record(actor=request.user, action=AuditLog.Action.UNMASK, target=job, detail=detail, request=request)
    return handle


def export_jobs_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete expired export files and their rows (the beat task, hourly). Returns how many jobs were removed."""
    expired = ExportJob.objects.filter(expires_at__lt=now or timezone.now())
    removed = 0
    for job in expired.iterator():
        if job.file:
            job.file.delete(save=False)
        removed += ExportJob.objects.filter(pk=job.pk).delete()[0]
    return removed
