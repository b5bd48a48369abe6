"""Loan applicants' documents (business licence, plan, ID copy): checked by content, stored encrypted with the PII
key (portal.uploads.encrypted_content), read back only by those entrepreneurship.permissions allows, each opening
by someone other than the applicant written to the audit log."""

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from entrepreneurship.models import LoanApplication, LoanDocument
from entrepreneurship.permissions import can_read_loan_document
from portal import uploads
from portal.exceptions import AccessDenied
from portal.models import AuditLog
from portal.services.audit import audit_record
from portal.validators import RESUME_TYPES, sniff_upload

MAX_DOCUMENTS = 20


@transaction.atomic
def loan_document_upload(*, application: LoanApplication, user, kind: str, upload) -> LoanDocument:
    application = LoanApplication.objects.select_for_update().get(pk=application.pk)
    if application.applicant_id != user.pk:
        raise AccessDenied(_("This application is not yours."), hide=True)
    if not application.can_review():
        raise ValidationError(_("Documents can be added until the bank decides."))
    if kind not in LoanDocument.Kind.values:
        raise ValidationError({"kind": _("Choose which document this is.")})
    if upload is None:
        raise ValidationError({"file": _("Choose a file.")})
    if application.documents.count() >= MAX_DOCUMENTS:
        raise ValidationError(_("An application holds at most %(n)s documents.") % {"n": MAX_DOCUMENTS})
    try:
        extension = sniff_upload(upload, RESUME_TYPES, settings.RESUME_MAX_BYTES)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages})
    data = upload.read()
    document = LoanDocument(application=application, kind=kind, extension=extension, size=len(data), uploaded_by=user)
    document.file.save(f"{kind}.fernet", uploads.encrypted_content(data, name=f"{kind}.fernet"), save=False)
    document.save()
    return document


def loan_document_open(*, document: LoanDocument, user, request=None) -> io.BytesIO:
    """The clear bytes for a permitted reader (others: AccessDenied, shown as 404)."""
    if not can_read_loan_document(user, document):
        raise AccessDenied(_("You may not open this document."), hide=True)
    if user.pk != document.application.applicant_id:
        audit_record(
            actor=user,
            action=AuditLog.Action.UNMASK,
            target=document,
            detail={"event": "loan_document_open", "kind": document.kind},
            request=request,
        )
    try:
        return uploads.decrypted_file(document.file)
    except (ValueError, FileNotFoundError):
        raise ValidationError(_("This document cannot be read; ask the applicant to upload it again."))
