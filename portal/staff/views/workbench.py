"""Staff workbench pages. Anonymous visitors are sent to log in; signed-in non-staff get 403 on every page."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portal.decorators import staff_required
from portal.form_errors import run_form
from portal.models import ExportJob, FamilyMemberProfile, ImportJob
from portal.permissions import can_see_full_id_number
from portal.replica import reads_from_replica
from portal.services.family import family_profile_verify, family_proof_attach
from portal.staff import dashboard, exports, selectors, services
from portal.staff.forms import (
    DashboardFilterForm,
    FamilyProofForm,
    FamilyReviewForm,
    ImportUploadForm,
)
from portal.staff.permissions import can_download_export
from portal.uploads import private_file_response


def _page(request, queryset, per_page=25):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


# --- dashboard ------------------------------------------------------------------------------------------------


@staff_required
@reads_from_replica
def dashboard_view(request):
    form = DashboardFilterForm(request.GET or None)
    filters = {}
    if form.is_bound and form.is_valid():
        filters = {k: form.cleaned_data.get(k) for k in ("region", "start", "end")}
    sections = dashboard.compared_sections(**filters)
    return render(
        request,
        "staff/dashboard.html",
        {
            "form": form,
            "sections": sections,
            "region": filters.get("region"),
            "period": (filters.get("start"), filters.get("end")),
            "exports": exports.registered_exports(),
            "export_jobs": ExportJob.objects.filter(requested_by=request.user)[:5],
        },
    )


# --- lists and exports ----------------------------------------------------------------------------------------


def _list_page(request, key, template):
    definition = exports.registered_exports()[key]
    if not definition.allowed(request.user):
        raise PermissionDenied
    filters, form = definition.filters_from(request.GET)
    page = _page(request, definition.queryset(filters, request.user))
    return render(
        request,
        template,
        {"form": form, "page": page, "definition": definition, "can_unmask": can_see_full_id_number(request.user)},
    )


@staff_required
def veteran_list(request):
    return _list_page(request, "veterans", "staff/veteran_list.html")


@staff_required
def organization_list(request):
    return _list_page(request, "organizations", "staff/organization_list.html")


@staff_required
@require_http_methods(["GET", "POST"])
@reads_from_replica
def export_view(request, key, file_format):
    """A direct download up to EXPORT_ASYNC_THRESHOLD rows. Over it, GET shows what will be exported and POST queues
    a background job (nothing is created by a GET)."""
    definition = exports.registered_exports().get(key)
    if definition is None or file_format not in exports.WRITERS:
        raise Http404
    if not definition.allowed(request.user):
        raise PermissionDenied
    filters, queryset, unmask = exports.export_request(
        definition, query=request.GET, user=request.user, unmask_requested=request.GET.get("unmask") == "1"
    )
    rows = queryset.count()
    if rows > settings.EXPORT_ASYNC_THRESHOLD:
        return _export_in_background(request, definition, file_format, filters, unmask, rows)
    filters_text = services.export_filters_repr(filters)
    services.export_record(
        request=request, key=key, file_format=file_format, filters=filters_text, rows=rows, unmasked=unmask
    )
    writer = exports.csv_response if file_format == "csv" else exports.xlsx_response
    return writer(definition, queryset, unmask, filename=key)


def _export_in_background(request, definition, file_format, filters, unmask, rows):
    """Over the threshold: GET shows what will be exported, POST queues the job."""
    if request.method == "POST":
        job = services.export_job_create(
            request=request,
            definition=definition,
            query=request.GET,
            file_format=file_format,
            filters=filters,
            unmask=unmask,
            rows=rows,
        )
        return redirect("portal:staff_export_job", pk=job.pk)
    context = {"definition": definition, "file_format": file_format, "rows": rows, "unmask": unmask}
    return render(request, "staff/export_confirm.html", context)


def _own_export_job(request, pk) -> ExportJob:
    return get_object_or_404(ExportJob, pk=pk, requested_by=request.user)


@staff_required
def export_job_detail(request, pk):
    job = _own_export_job(request, pk)
    definition = exports.registered_exports().get(job.export_key)
    return render(request, "staff/export_job.html", {"job": job, "definition": definition})


@staff_required
def export_job_status(request, pk):
    job = _own_export_job(request, pk)
    return JsonResponse(
        {
            "status": job.status,
            "status_display": job.get_status_display(),
            "finished": job.is_finished(),
            "rows_total": job.rows_total,
            "rows_done": job.rows_done,
            "percent": job.percent,
            "download_url": reverse("portal:staff_export_job_download", args=[job.pk]) if job.is_ready() else None,
            "error": job.error,
        }
    )


@staff_required
def export_job_download(request, pk):
    job = get_object_or_404(ExportJob, pk=pk)
    # Another staff member's export, or one the requester may no longer read: its existence is not disclosed.
    if not can_download_export(request.user, job) or not job.is_ready():
        raise Http404
    handle = services.export_job_download(request=request, job=job)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{job.export_key}.{job.file_format}",
        content_type=exports.CONTENT_TYPES[job.file_format],
    )


# --- bulk import ----------------------------------------------------------------------------------------------


@staff_required
@require_http_methods(["GET", "POST"])
def import_upload(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.import_job_create(upload=form.cleaned_data["file"], staff_user=request.user)
        except ValidationError as exc:
            form.add_error("file", exc.messages)
        else:
            return redirect("portal:staff_import_detail", pk=job.pk)
    jobs = ImportJob.objects.filter(created_by=request.user)[:10]
    return render(request, "staff/import_upload.html", {"form": form, "jobs": jobs}, status=400 if form.errors else 200)


def _own_job(request, pk) -> ImportJob:
    return get_object_or_404(ImportJob, pk=pk, created_by=request.user)


@staff_required
def import_detail(request, pk):
    job = _own_job(request, pk)
    return render(request, "staff/import_detail.html", {"job": job, "preview_errors": job.preview_errors()})


@staff_required
@require_POST
def import_start(request, pk):
    job = _own_job(request, pk)
    if request.POST.get("cancel"):
        services.import_job_cancel(job=job)
        messages.info(request, _("The import was cancelled; nothing was imported."))
        return redirect("portal:staff_import")
    services.import_job_start(job=job, staff_user=request.user)
    return redirect("portal:staff_import_detail", pk=job.pk)


@staff_required
def import_status(request, pk):
    job = _own_job(request, pk)
    return JsonResponse(
        {
            "status": job.status,
            "status_display": job.get_status_display(),
            "finished": job.is_finished(),
            "total": job.total,
            "processed": job.processed,
            "percent": job.percent,
            "created": job.created,
            "updated": job.updated,
            "unchanged": job.unchanged,
            "refused": job.refused,
        }
    )


# --- audit log ------------------------------------------------------------------------------------------------


@staff_required
def audit_list(request):
    if not request.user.has_perm("portal.browse_auditlog"):
        raise PermissionDenied
    return _list_page(request, "audit", "staff/audit_list.html")


# --- family links (随军家属/优抚对象) ------------------------------------------------------------------------


@staff_required
def family_list(request):
    """Family links to confirm (by default the pending ones, oldest first), or those sent back or confirmed."""
    state = request.GET.get("state", "pending")
    state = state if state in selectors.FAMILY_STATES else "pending"
    page = _page(request, selectors.family_profiles(state=state))
    return render(request, "staff/family_list.html", {"page": page, "state": state, "states": selectors.FAMILY_STATES})


@staff_required
@require_http_methods(["GET", "POST"])
def family_review(request, pk):
    profile = get_object_or_404(FamilyMemberProfile.objects.select_related("veteran__region", "region", "user"), pk=pk)
    form = FamilyReviewForm(request.POST if "decision" in request.POST else None)
    proof_form = FamilyProofForm(request.POST or None, request.FILES or None) if "proof" in request.FILES else None
    if proof_form is not None and proof_form.is_valid():
        try:
            family_proof_attach(profile=profile, proof=proof_form.cleaned_data["proof"], staff_user=request.user)
        except ValidationError as exc:
            proof_form.add_error("proof", exc.messages)
        else:
            messages.success(request, _("The proof has been attached for the family member."))
            return redirect("portal:staff_family_review", pk=pk)

    def decide(data):
        return family_profile_verify(profile=profile, staff_user=request.user, **form.decided(data))

    if run_form(request, form, decide):
        messages.success(request, _("The family member has been told the decision."))
        return redirect("portal:staff_families")
    bad = form.errors or (proof_form is not None and proof_form.errors)
    context = {"profile": profile, "form": form, "proof_form": proof_form or FamilyProofForm()}
    return render(request, "staff/family_review.html", context, status=400 if bad else 200)


@staff_required
def family_proof(request, pk):
    profile = get_object_or_404(FamilyMemberProfile, pk=pk)
    return private_file_response(profile.proof, stem=f"family-proof-{pk}", as_attachment=False)
