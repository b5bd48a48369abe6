"""Celery tasks of the staff workbench (found by autodiscovery: portal.staff is an installed app). Each imports the
service it calls in its body, so services can import these tasks to enqueue them."""

from celery import shared_task


@shared_task(name="portal.staff_run_import", acks_late=True, time_limit=3600, soft_time_limit=3500)
def run_import(job_id: int) -> str:
    from portal.staff import services

    job = services.import_job_run(job_id=job_id)
    return job.status if job else "skipped"


@shared_task(name="portal.staff_purge_audit_log", time_limit=600)
def purge_audit_log() -> int:
    from portal.staff import services

    return services.audit_log_purge()


@shared_task(name="portal.staff_run_export", acks_late=True, time_limit=3600, soft_time_limit=3500)
def run_export(job_id: int) -> str:
    from portal.staff import services

    job = services.export_job_run(job_id=job_id)
    return job.status if job else "skipped"


@shared_task(name="portal.staff_purge_exports", time_limit=600)
def purge_exports() -> int:
    from portal.staff import services

    return services.export_jobs_purge()


@shared_task(name="portal.staff_expire_import_files", time_limit=600)
def expire_import_files() -> int:
    from portal.staff import services

    return services.import_files_expire()


@shared_task(name="portal.staff_resume_stalled_jobs", time_limit=120, soft_time_limit=100)
def resume_stalled_jobs() -> int:
    from portal.staff import services

    return services.stalled_jobs_resume()
