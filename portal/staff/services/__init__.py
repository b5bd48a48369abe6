"""Writes of the staff workbench, one module per concept: import_jobs (bulk import of discharged veterans), acting
(代办), export_jobs (the audit of exports, background export jobs and their expiry), recovery (resuming what a killed
worker left) and audit (log retention). The
public functions are re-exported here, so callers write `from portal.staff import services`."""

from portal.staff.services.acting import ACTING_SESSION_KEY, acting_record, acting_start, acting_stop
from portal.staff.services.audit import audit_log_purge, audit_retention_days
from portal.staff.services.export_jobs import (
    export_filters_repr,
    export_job_create,
    export_job_download,
    export_job_run,
    export_jobs_purge,
    export_record,
)
from portal.staff.services.import_jobs import (
    import_file_max_age,
    import_files_expire,
    import_job_cancel,
    import_job_create,
    import_job_run,
    import_job_start,
    import_row,
)
from portal.staff.services.recovery import stalled_jobs_resume

__all__ = [
    "ACTING_SESSION_KEY",
    "acting_record",
    "acting_start",
    "acting_stop",
    "audit_log_purge",
    "audit_retention_days",
    "export_filters_repr",
    "export_job_create",
    "export_job_download",
    "export_job_run",
    "export_jobs_purge",
    "export_record",
    "import_file_max_age",
    "import_files_expire",
    "import_job_cancel",
    "import_job_create",
    "import_job_run",
    "import_job_start",
    "import_row",
    "stalled_jobs_resume",
]
