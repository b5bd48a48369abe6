"""Resuming staff work a killed worker left behind (the beat task, every minute; see portal.work)."""

from portal import work
from portal.models import ExportJob, ImportJob
from portal.staff.tasks import run_export, run_import


def stalled_jobs_resume() -> int:
    """Queue again every import and export whose worker stopped beating, or whose message seems lost (still queued
    long after it was queued). A duplicate message is harmless: only one delivery can take the job's lease.
    Returns how many were queued."""
    imports = work.stalled(ImportJob.objects.all(), running=ImportJob.Status.RUNNING) + work.waiting_too_long(
        ImportJob.objects.all(), waiting=ImportJob.Status.QUEUED
    )
    exports = work.stalled(ExportJob.objects.all(), running=ExportJob.Status.RUNNING) + work.waiting_too_long(
        ExportJob.objects.all(), waiting=ExportJob.Status.QUEUED
    )
    work.requeued(ImportJob, imports)
    work.requeued(ExportJob, exports)
    for job in imports:
        run_import.delay(job.pk)
    for job in exports:
        run_export.delay(job.pk)
    return len(imports) + len(exports)
