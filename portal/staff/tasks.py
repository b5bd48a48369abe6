"""Celery tasks of the staff workbench (imported by portal.tasks so the worker registers them)."""

from celery import shared_task

from portal.staff import services


@shared_task(name="portal.staff_run_import", acks_late=True, time_limit=3600, soft_time_limit=3500)
def run_import(job_id: int) -> str:
    job = services.import_job_run(job_id=job_id)
    return job.status if job else "skipped"


@shared_task(name="portal.staff_purge_audit_log", time_limit=600)
def purge_audit_log() -> int:
    return services.audit_log_purge()


@shared_task(name="portal.staff_run_export", acks_late=True, time_limit=3600, soft_time_limit=3500)
def run_export(job_id: int) -> str:
    job = services.export_job_run(job_id=job_id)
    return job.status if job else "skipped"


@shared_task(name="portal.staff_purge_exports", time_limit=600)
def purge_exports() -> int:
    return services.export_jobs_purge()


@shared_task(name="portal.staff_expire_import_files", time_limit=600)
def expire_import_files() -> int:
    return services.import_files_expire()
