"""The staff workbench's background jobs: bulk imports and large exports. They are defined here, in the `portal`
app label where their migrations (0003, 0005) live, so the `portal.staff` app has no models of its own."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LeasedJob(models.Model):
    """What every background job row carries for portal.work: when it was last queued (started or created, and
    again whenever the sweeper resends it: waiting_too_long reads it) and the worker lease (who holds the running
    job and when it last proved alive)."""

    queued_at = models.DateTimeField(_("queued at"), null=True, blank=True, editable=False)
    lease = models.CharField(_("worker lease"), max_length=32, blank=True, editable=False)
    heartbeat_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0, editable=False)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self._meta.verbose_name} #{self.pk}"


def import_upload_to(instance, filename):
    # The uploaded name may carry personal data; only the extension is kept.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"staff-imports/{uuid.uuid4().hex}.{ext}"


class ImportJob(LeasedJob):
    class Status(models.TextChoices):
        PREVIEW = "preview", _("Checked, waiting for confirmation")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("uploaded by")
    )
    file = models.FileField(_("file"), upload_to=import_upload_to, blank=True)
    file_format = models.CharField(_("format"), max_length=10)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PREVIEW)
    total = models.PositiveIntegerField(_("rows"), default=0)
    processed = models.PositiveIntegerField(_("processed"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    refused = models.PositiveIntegerField(_("refused"), default=0)
    # preview: [{"row", "name", "id", "errors", "exists"}]; after the run: [{"row", "outcome", "errors"}]
    preview = models.JSONField(_("preview"), default=list, blank=True)
    report = models.JSONField(_("report"), default=list, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        app_label = "portal"
        ordering = ["-created_at"]
        verbose_name = _("veteran import")
        verbose_name_plural = _("veteran imports")

    @property
    def percent(self) -> int:
        return int(self.processed * 100 / self.total) if self.total else (100 if self.is_finished() else 0)

    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED, self.Status.CANCELLED)

    def awaits_confirmation(self) -> bool:
        """Checked, not started: the one state a job is started or cancelled from (import_job_start, _cancel)."""
        return self.status == self.Status.PREVIEW

    def is_in_progress(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    def preview_errors(self) -> list:
        return [row for row in self.preview if row.get("errors")]


def export_upload_to(instance, filename):
    # A random name: the file is served only through the permission-checked download view, never by its path.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"staff-exports/{uuid.uuid4().hex}.{ext}"


class ExportJob(LeasedJob):
    """A staff export too large for one request (over settings.EXPORT_ASYNC_THRESHOLD rows), written by a worker.

    `query` holds the export's filter parameters as the list page sent them, so the worker builds the rows with the
    same filter form, queryset and columns as a direct download. The file is private and deleted at `expires_at`."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Exporting")
        DONE = "done", _("Ready to download")
        FAILED = "failed", _("Failed")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("requested by")
    )
    export_key = models.CharField(_("export"), max_length=60)
    file_format = models.CharField(_("format"), max_length=10)
    query = models.JSONField(_("filters"), default=dict, blank=True)
    unmasked = models.BooleanField(_("full ID numbers"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows written"), default=0)
    file = models.FileField(_("file"), upload_to=export_upload_to, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)
    # Created queued (an import is queued when started).
    queued_at = models.DateTimeField(_("queued at"), null=True, blank=True, default=timezone.now, editable=False)

    class Meta:
        app_label = "portal"
        ordering = ["-created_at"]
        verbose_name = _("staff export")
        verbose_name_plural = _("staff exports")

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return min(100, int(self.rows_done * 100 / self.rows_total)) if self.rows_total else 0

    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    def is_ready(self) -> bool:
        return self.status == self.Status.DONE and bool(self.file)


class DuplicateDismissal(models.Model):
    """Staff checked a likely-duplicate pair and found two different people: the pair leaves the list for good.
    The pair is stored in id order (first < second), so each pair has one row."""

    first = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("first account")
    )
    second = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("second account")
    )
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("checked by")
    )
    reason = models.CharField(_("why they are different people"), max_length=300)
    created_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    class Meta:
        app_label = "portal"
        verbose_name = _("not-a-duplicate decision")
        verbose_name_plural = _("not-a-duplicate decisions")
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="unique_duplicate_dismissal"),
            models.CheckConstraint(
                condition=models.Q(first__lt=models.F("second")), name="duplicate_dismissal_ordered"
            ),
        ]

    def __str__(self):
        return f"{self.first_id} ≠ {self.second_id}"
