"""Kept only because jobs migration 0004 names this upload path. The application message threads are portal
Threads now (jobs.threads), and jobs migration 0008 moved the old rows there."""

from portal.models.threads import thread_attachment_upload_to as attachment_upload_to

__all__ = ["attachment_upload_to"]
