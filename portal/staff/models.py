"""Bulk-import jobs. The model belongs to the `portal` app (imported in portal.models) so it needs no app of its own."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def import_upload_to(instance, filename):
    # The uploaded name may carry personal data; only the extension is kept.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"staff-imports/{uuid.uuid4().hex}.{ext}"


class ImportJob(models.Model):
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

    def __str__(self):
        return f"{self._meta.verbose_name} #{self.pk}"

    @property
    def percent(self) -> int:
        return int(self.processed * 100 / self.total) if self.total else (100 if self.is_finished() else 0)

    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED, self.Status.CANCELLED)

    def preview_errors(self) -> list:
        return [row for row in self.preview if row.get("errors")]
