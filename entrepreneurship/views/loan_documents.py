"""Loan documents (upload by the applicant, download by permitted readers) and the schedule shown on loan pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from entrepreneurship.forms import LoanDocumentForm
from entrepreneurship.models import LoanApplication, LoanDocument
from entrepreneurship.services.loan_documents import loan_document_open, loan_document_upload
from portal.exceptions import AccessDenied


def loan_context(application) -> dict:
    """What every loan page shows: documents, repayment schedule, quarterly subsidy settlements and their totals."""
    instalments = list(application.instalments.all())
    settlements = list(application.settlements.select_related("approved_by"))
    return {
        "documents": application.documents.all(),
        "instalments": instalments,
        "settlements": settlements,
        "schedule_totals": {
            "principal": sum(i.principal for i in instalments),
            "interest": sum(i.interest for i in instalments),
            "payment": sum(i.payment for i in instalments),
            "subsidy": sum(s.subsidy for s in settlements),
        },
    }


@login_required
@require_POST
def document_upload(request, pk):
    application = get_object_or_404(LoanApplication.objects.filter(applicant=request.user), pk=pk)
    form = LoanDocumentForm(request.POST, request.FILES)
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        document = loan_document_upload(
            application=application, user=request.user, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Uploaded: %(document)s") % {"document": document.get_kind_display()})
    return redirect("entrepreneurship:my_loan_detail", pk=pk)


@login_required
def document_download(request, pk):
    document = get_object_or_404(LoanDocument.objects.select_related("application__product__bank"), pk=pk)
    try:
        content = loan_document_open(document=document, user=request.user, request=request)
    except AccessDenied:
        raise Http404
    except ValidationError as exc:
        raise Http404(" ".join(exc.messages))
    name = f"{document.get_kind_display()}-{document.application_id}.{document.extension}"
    response = FileResponse(content, as_attachment=True, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
