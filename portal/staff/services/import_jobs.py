"""Bulk import of discharged veterans: a checked upload becomes a job, the worker imports its rows.

Imported veterans get a User they can claim: the username is derived from the keyed ID hash (stable, so a
re-import finds the same account, and it reveals nothing) and the password is unusable. A row with a mobile number
or an e-mail address sends the invitation to claim the account (portal.services.claims) once the row commits; the
veteran sets a password after confirming the last six characters of the ID number — no guessable default
password ever exists.
"""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import crypto, uploads, work
from portal.models import AuditLog, ImportJob, User, VeteranProfile
from portal.services.audit import audit_record
from portal.services.claims import account_contact_set, account_invitation_send, is_claimed
from portal.services.profiles import STATUTORY_HANDOVER, veteran_profile_save
from portal.staff import imports
from portal.staff.tasks import run_import

logger = logging.getLogger(__name__)
BATCH_ROWS = 25  # rows per transaction: the most a killed worker makes its successor redo
FILL_FIELDS = ["phone", "region", "service_branch", "enlistment_date", "discharge_date"]


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
            status=ImportJob.Status.QUEUED,
            queued_at=timezone.now(),
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
    """Import every row of a queued job, or go on with a job a killed worker left running (portal.work).

    Rows go in batches of BATCH_ROWS, each batch one transaction with its progress and report (each row a savepoint
    in it, so a refused or failing row never loses the good ones): a worker killed mid-batch loses only that
    uncommitted batch, and whoever takes the job over skips exactly the rows already committed."""
    token = work.lease_take(ImportJob, pk=job_id, waiting=ImportJob.Status.QUEUED, running=ImportJob.Status.RUNNING)
    if token is None:
        return None  # gone, finished, or running in a live worker
    ImportJob.objects.filter(pk=job_id, started_at__isnull=True).update(started_at=timezone.now())
    job = ImportJob.objects.get(pk=job_id)
    progress = _ImportProgress(job)
    try:
        checker = imports.RowChecker()
        with uploads.decrypted_file(job.file) as handle:
            batch = []
            for index, (number, raw) in enumerate(imports.read_rows(handle, job.file_format)):
                row = checker.check(number, raw)  # every row, so duplicates within the file are still caught
                if index >= job.processed:
                    batch.append(row)
                if len(batch) == BATCH_ROWS:
                    progress.commit(batch, token)
                    batch = []
            progress.commit(batch, token)
    except work.LeaseLost:
        return None  # another worker took over: it finishes the job
    except Exception as exc:  # the file vanished or became unreadable: record it, keep what was imported
        logger.exception("import job %s failed", job_id)
        progress.end(token, status=ImportJob.Status.FAILED, error=str(exc)[:300])
        _discard_file(job)
        return ImportJob.objects.get(pk=job.pk)
    if not progress.end(token, status=ImportJob.Status.DONE):
        return None
    job.refresh_from_db()
    audit_record(
        actor=job.created_by, action=AuditLog.Action.IMPORT, target=job, detail={"event": "done", **progress.counts}
    )
    _discard_file(job)
    return job


class _ImportProgress:
    """What a job has imported so far: counts and report, committed with each batch of rows."""

    def __init__(self, job: ImportJob):
        self.job = job
        self.counts = {key: getattr(job, key) for key in ("created", "updated", "unchanged", "refused")}
        self.report = list(job.report)

    def commit(self, rows: list, token: str) -> None:
        if not rows:
            return
        with transaction.atomic():
            counts, report = dict(self.counts), list(self.report)
            for row in rows:
                outcome, errors = import_row(row, self.job.created_by)
                counts[outcome] += 1
                if outcome != "unchanged":
                    report.append({"row": row.number, "outcome": outcome, "errors": errors})
            # Raises LeaseLost (rolling the batch back) when another worker took the job over meanwhile.
            work.lease_beat(
                ImportJob, pk=self.job.pk, token=token, processed=sum(counts.values()), report=report, **counts
            )
        self.counts, self.report = counts, report

    def end(self, token: str, **fields) -> bool:
        return work.lease_end(
            ImportJob,
            pk=self.job.pk,
            token=token,
            processed=sum(self.counts.values()),
            report=self.report,
            finished_at=timezone.now(),
            **self.counts,
            **fields,
        )


def import_row(row: imports.ParsedRow, staff_user=None) -> tuple[str, list[str]]:
    """Create or complete one veteran. Returns (outcome, errors) with outcome created/updated/unchanged/refused."""
    if row.errors:
        return "refused", [str(e) for e in row.errors]
    try:
        with transaction.atomic():
            profile = VeteranProfile.objects.with_id_number(row.id_number).select_related("user").first()
            if profile is None:
                return _import_new(row, staff_user), []
            return _import_existing(profile, row), []
    except ValidationError as exc:
        return "refused", exc.messages
    except Exception:  # a database error on this row only: report it, go on with the next
        logger.exception("import row %s failed", row.number)
        return "refused", [_("This row could not be saved; please check it and import it again.")]


def _import_new(row: imports.ParsedRow, staff_user=None) -> str:
    username = "vet-" + crypto.keyed_hash(row.id_number)[:20]
    user, _created = User.objects.get_or_create(username=username)
    user.set_unusable_password()
    user.save(update_fields=["password"])
    data = {key: value for key, value in row.data.items() if value not in ("", None)}
    if row.specialty:
        data["military_specialties"] = [row.specialty]
    veteran_profile_save(user=user, data=data, id_number=row.id_number, id_number_basis=STATUTORY_HANDOVER)
    if row.email:
        account_contact_set(user=user, email=row.email)
    if row.email or data.get("phone"):
        account_invitation_send(user=user, staff_user=staff_user)
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
    new_email = row.email and not profile.user.email and not is_claimed(profile.user)
    if not changes and not new_email:
        return "unchanged"
    if changes:
        veteran_profile_save(user=profile.user, data=changes)
    if new_email:
        account_contact_set(user=profile.user, email=row.email)
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
        lease="",  # a worker still holding it stops at its next heartbeat
    )
    expired = 0
    finished = [ImportJob.Status.DONE, ImportJob.Status.FAILED, ImportJob.Status.CANCELLED]
    for job in ImportJob.objects.filter(status__in=finished).exclude(file="").only("pk", "file"):
        _discard_file(job)
        expired += 1
    return expired
