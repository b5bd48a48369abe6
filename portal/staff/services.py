"""Writes of the staff workbench: bulk-import jobs, acting for a veteran, exports (audit, background jobs and their
expiry), audit-log retention.

Imported veterans get a User they can claim later: the username is derived from the keyed ID hash (stable, so a
re-import finds the same account, and it reveals nothing), the password is unusable and there is no e-mail. The
veteran claims the account at the counter (staff add the e-mail while acting for them, then allauth's password
reset works) — no guessable default password ever exists.
"""

import datetime
import logging
import tempfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import crypto, uploads
from portal.models import AuditLog, ExportJob, ImportJob, User, VeteranProfile
from portal.permissions import is_bureau_staff
from portal.services.audit import audit_record
from portal.services.profiles import veteran_profile_save
from portal.staff import exports, imports
from portal.staff.tasks import run_export, run_import

logger = logging.getLogger(__name__)
PROGRESS_EVERY = 25
FILL_FIELDS = ["phone", "region", "service_branch", "enlistment_date", "discharge_date"]


# --- bulk import ---------------------------------------------------------------------------------------------


def import_job_create(*, upload, staff_user) -> ImportJob:
    """Store the upload and check every row (nothing is imported yet). Raises ValidationError for an unreadable
    file; row-level problems end up in job.preview."""
    if upload.size > imports.MAX_BYTES:
        raise ValidationError(_("The file is larger than %(mb)s MB.") % {"mb": imports.MAX_BYTES // 1048576})
    try:
        file_format = imports.detect_format(upload)
        rows = imports.check_file(upload, file_format)
    except imports.ImportFileError as exc:
        raise ValidationError(str(exc))
    if not rows:
        raise ValidationError(_("The file has a header but no data rows."))
    upload.seek(0)
    job = ImportJob(created_by=staff_user, file_format=file_format, total=len(rows))
    job.preview = [row.summary() for row in rows]
    # Stored encrypted: a file of full ID numbers never lies in clear in the media storage or its backups.
    job.file.save("import.fernet", uploads.encrypted_content(upload.read(), name="import.fernet"), save=False)
    job.save()
    return job


def import_job_start(*, job: ImportJob, staff_user) -> ImportJob:
    """Queue a checked job. Starting twice, or starting someone else's finished job, does nothing."""
    with transaction.atomic():
        started = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.PREVIEW).update(
            status=ImportJob.Status.QUEUED
        )
        if started:
            audit_record(
                actor=staff_user,
                action=AuditLog.Action.IMPORT,
                target=job,
                detail={"rows": job.total, "event": "start"},
            )
            run_import.delay_on_commit(job.pk)
    job.refresh_from_db()
    return job


def import_job_cancel(*, job: ImportJob) -> None:
    # Only a preview can be cancelled: a queued job still needs its file.
    if ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.PREVIEW).update(
        status=ImportJob.Status.CANCELLED, finished_at=timezone.now()
    ):
        _discard_file(job)


def import_job_run(*, job_id: int) -> ImportJob | None:
    """Import every row of a queued job. Each row commits on its own (a savepoint inside a caller's transaction),
    so a refused or failing row never loses the good ones, and progress is visible while it runs."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return None  # gone, or already run by another worker
    job = ImportJob.objects.get(pk=job_id)
    counts = {"created": 0, "updated": 0, "unchanged": 0, "refused": 0}
    report = []
    try:
        checker = imports.RowChecker()
        with uploads.decrypted_file(job.file) as handle:
            for processed, (number, raw) in enumerate(imports.read_rows(handle, job.file_format), start=1):
                outcome, errors = import_row(checker.check(number, raw))
                counts[outcome] += 1
                if outcome != "unchanged":
                    report.append({"row": number, "outcome": outcome, "errors": errors})
                if processed % PROGRESS_EVERY == 0:
                    ImportJob.objects.filter(pk=job.pk).update(processed=processed, **counts)
    except Exception as exc:  # the file vanished or became unreadable: record it, keep what was imported
        logger.exception("import job %s failed", job_id)
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.FAILED, error=str(exc)[:300], report=report, finished_at=timezone.now(), **counts
        )
        _discard_file(job)
        return ImportJob.objects.get(pk=job.pk)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.DONE,
        processed=sum(counts.values()),
        report=report,
        finished_at=timezone.now(),
        **counts,
    )
    job.refresh_from_db()
    audit_record(actor=job.created_by, action=AuditLog.Action.IMPORT, target=job, detail={"event": "done", **counts})
    _discard_file(job)
    return job


def import_row(row: imports.ParsedRow) -> tuple[str, list[str]]:
    """Create or complete one veteran. Returns (outcome, errors) with outcome created/updated/unchanged/refused."""
    if row.errors:
        return "refused", [str(e) for e in row.errors]
    try:
        with transaction.atomic():
            profile = VeteranProfile.objects.with_id_number(row.id_number).select_related("user").first()
            if profile is None:
                return _import_new(row), []
            return _import_existing(profile, row), []
    except ValidationError as exc:
        return "refused", exc.messages
    except Exception:  # a database error on this row only: report it, go on with the next
        logger.exception("import row %s failed", row.number)
        return "refused", [_("This row could not be saved; please check it and import it again.")]


def _import_new(row: imports.ParsedRow) -> str:
    username = "vet-" + crypto.keyed_hash(row.id_number)[:20]
    user, _created = User.objects.get_or_create(username=username)
    user.set_unusable_password()
    user.save(update_fields=["password"])
    data = {key: value for key, value in row.data.items() if value not in ("", None)}
    if row.specialty:
        data["military_specialties"] = [row.specialty]
    veteran_profile_save(user=user, data=data, id_number=row.id_number)
    return "created"


def _import_existing(profile: VeteranProfile, row: imports.ParsedRow) -> str:
    """Only fills what the profile lacks: what the veteran typed themselves always wins over the hand-over file."""
    changes = {}
    for key in FILL_FIELDS:
        value = row.data.get(key)
        current = getattr(profile, key + "_id" if key == "region" else key)
        if value not in ("", None) and current in ("", None):
            changes[key] = value
    if row.specialty and not profile.military_specialties.exists():
        changes["military_specialties"] = [row.specialty]
    if not changes:
        return "unchanged"
    veteran_profile_save(user=profile.user, data=changes)
    return "updated"


def _discard_file(job: ImportJob) -> None:
    # The hand-over file is full of ID numbers: keep it no longer than the import needs it.
    if job.file:
        name = job.file.name
        ImportJob.objects.filter(pk=job.pk).update(file="")
        job.file = ""
        uploads.stored_file_discard(name)


def import_file_max_age() -> datetime.timedelta:
    return datetime.timedelta(hours=min(24, max(1, settings.IMPORT_FILE_MAX_AGE_HOURS)))


def import_files_expire(*, now: datetime.datetime | None = None) -> int:
    """Beat task: a preview nobody confirmed within settings.IMPORT_FILE_MAX_AGE_HOURS (at most 24 h) is cancelled
    and its file deleted; so is the file of any job that ended without removing it, and of a job queued or running
    for longer than that (its worker is gone: the task's time limit is an hour). Returns how many files went."""
    cutoff = (now or timezone.now()) - import_file_max_age()
    ImportJob.objects.filter(status=ImportJob.Status.PREVIEW, created_at__lt=cutoff).update(
        status=ImportJob.Status.CANCELLED, finished_at=now or timezone.now()
    )
    ImportJob.objects.filter(
        status__in=[ImportJob.Status.QUEUED, ImportJob.Status.RUNNING], created_at__lt=cutoff
    ).update(
        status=ImportJob.Status.FAILED,
        error=_("The import stopped before it finished; upload the file again."),
        finished_at=now or timezone.now(),
    )
    expired = 0
    finished = [ImportJob.Status.DONE, ImportJob.Status.FAILED, ImportJob.Status.CANCELLED]
    for job in ImportJob.objects.filter(status__in=finished).exclude(file="").only("pk", "file"):
        _discard_file(job)
        expired += 1
    return expired


# --- acting for a veteran ------------------------------------------------------------------------------------

ACTING_SESSION_KEY = "staff_acting_for"


def acting_start(*, request, veteran_user) -> None:
    request.session[ACTING_SESSION_KEY] = veteran_user.pk
    audit_record(
        actor=request.user,
        action=AuditLog.Action.ACT_FOR,
        target=veteran_user.veteran_profile,
        on_behalf_of=veteran_user,
        detail={"event": "start"},
        request=request,
    )


def acting_stop(*, request) -> None:
    request.session.pop(ACTING_SESSION_KEY, None)


def acting_record(*, request, veteran_user, action: str, target=None, detail: dict | None = None) -> AuditLog:
    """Write one act done for the veteran. Pillar apps call this after their service succeeded."""
    return audit_record(
        actor=request.user,
        action=AuditLog.Action.ACT_FOR,
        target=target if target is not None else veteran_user.veteran_profile,
        on_behalf_of=veteran_user,
        detail={"event": action, **(detail or {})},
        request=request,
    )


# --- exports and retention -----------------------------------------------------------------------------------


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


# --- background exports --------------------------------------------------------------------------------------


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
    """Write a queued export's file. The requester's rights are checked again: a permission removed since the
    request stops the export (or its unmasking)."""
    claimed = ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.QUEUED).update(
        status=ExportJob.Status.RUNNING
    )
    if not claimed:
        return None  # gone, or already taken by another worker
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)
    user, definition = job.requested_by, exports.registered_exports().get(job.export_key)
    if user is None or definition is None or not is_bureau_staff(user) or not definition.allowed(user):
        return _export_job_fail(job, _("You are no longer allowed to run this export."))
    query = _query_dict(job.query)
    _filters, form = definition.filters_from(query)
    if form is not None and form.is_bound and not form.is_valid():
        # e.g. a region or fair deleted since the request: never fall back to exporting everything
        return _export_job_fail(job, _("The filters of this export are no longer valid; please export again."))
    try:
        _filters, queryset, unmask = exports.export_request(
            definition, query=query, user=user, unmask_requested=job.unmasked
        )
        total = queryset.count()
        ExportJob.objects.filter(pk=job.pk).update(rows_total=total, unmasked=unmask)

        def progress(rows_done):
            ExportJob.objects.filter(pk=job.pk).update(rows_done=rows_done)

        with tempfile.TemporaryFile() as handle:
            written = exports.WRITERS[job.file_format](definition, queryset, unmask, handle, progress=progress)
            handle.seek(0)
            job.file.save(f"export.{job.file_format}", File(handle), save=False)
    except Exception:  # a database error, a bad row, the time limit: report it, never leave the job running
        logger.exception("export job %s failed", job_id)
        return _export_job_fail(job, _("The export could not be completed; please try again or narrow the filters."))
    now = timezone.now()
    finished = ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.DONE,
        file=job.file.name,
        rows_done=written,
        rows_total=written,
        finished_at=now,
        expires_at=now + _export_ttl(),
    )
    if not finished:  # the row was purged while the file was being written: leave no file behind
        job.file.delete(save=False)
        return None
    job.refresh_from_db()
    return job


def _export_job_fail(job: ExportJob, message: str) -> ExportJob:
    if job.file:
        job.file.delete(save=False)
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.FAILED, error=str(message)[:300], file="", finished_at=timezone.now()
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


def audit_retention_days() -> int:
    """Never below 180 days (the issue's six months), whatever the setting says."""
    return max(180, int(getattr(settings, "AUDIT_LOG_RETENTION_DAYS", 365)))


def audit_log_purge(*, now: datetime.datetime | None = None) -> int:
    cutoff = (now or timezone.now()) - datetime.timedelta(days=audit_retention_days())
    # QuerySet.delete() bypasses AuditLog.delete(), which refuses deletion from the site on purpose.
    deleted, _by_model = AuditLog.objects.filter(created_at__lt=cutoff).delete()
    return deleted
