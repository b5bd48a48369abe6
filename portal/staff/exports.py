"""Streamed CSV/XLSX exports of the lists staff use, the shell's own and those the pillars declare.

Contract for pillar apps — define in `<app>/exports.py` and name the list as `exports` in `<app>/pillar.py`
(see portal.pillars):

    from portal.staff.exports import Column, ExportDefinition

    EXPORTS = [
        ExportDefinition(
            key="applications",                       # unique; URL /staff/exports/applications.csv|.xlsx
            title=_("Job applications"),
            queryset=lambda filters, user: Application.objects.filter(...),   # apply the list page's filters
            columns=[Column(_("Position"), lambda row, unmask: row.position.title), ...],
            filter_form=ApplicationFilterForm,         # optional django Form reading request.GET (same as the list)
            personal=True,                             # rows carry personal data (masked unless unmasked)
            permission="jobs.view_application",        # optional extra permission beyond bureau staff
        ),
    ]

A column's function receives `unmask` (True only when the staff member holds portal.view_full_id_number and ticked
"include full ID numbers"); when False it must return masked personal data (portal.crypto.mask_*). Querysets must
be ordered and should `select_related` what columns read: rows are read with `.iterator(chunk_size=2000)`, so
memory stays flat however many rows there are. Every export is written to the audit log by the view.
"""

import csv
import datetime
import io
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from django import forms
from django.http import FileResponse, StreamingHttpResponse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from portal import crypto
from portal.choices import EmploymentStatus, ServiceBranch
from portal.models import AuditLog, Organization, VeteranProfile
from portal.permissions import can_see_full_id_number
from portal.pillars import pillars
from portal.staff.export_parts import Column, date_filter, filtered, person_columns
from portal.staff.forms import RegionFilterForm
from portal.times import local_date, local_datetime_text

CHUNK = 2000
PROGRESS_EVERY = 500  # a background export writes its progress after this many rows


@lru_cache(maxsize=1024)
def _choice_label(enum, value, language):
    # Model.get_FOO_display() hashes lazy labels on every call (slow for 10^5 rows); look each label up once.
    return str(enum(value).label) if value in enum.values else value


def choice_label(enum, value) -> str:
    return _choice_label(enum, value, translation.get_language()) if value not in (None, "") else ""


@dataclass
class ExportDefinition:
    key: str
    title: str
    queryset: Callable  # (filters: dict, user) -> QuerySet
    columns: list[Column]
    filter_form: type[forms.Form] | None = None
    personal: bool = False
    permission: str | None = None
    app_label: str = "portal"
    extra: dict = field(default_factory=dict)

    def allowed(self, user) -> bool:
        return not self.permission or user.has_perm(self.permission)

    def filters_from(self, query) -> tuple[dict, forms.Form | None]:
        if self.filter_form is None:
            return {}, None
        form = self.filter_form(query or None)
        if form.is_bound and form.is_valid():
            return {k: v for k, v in form.cleaned_data.items() if v not in (None, "", [])}, form
        return {}, form


# --- the portal's own exports ---------------------------------------------------------------------------------


class VeteranFilterForm(RegionFilterForm):
    status = forms.ChoiceField(
        choices=[("", "—")] + list(VeteranProfile.Status.choices), required=False, label=_("Status")
    )
    employment_status = forms.ChoiceField(
        choices=[("", "—")] + list(EmploymentStatus.choices), required=False, label=_("Employment status")
    )
    registered_from = date_filter(_("Registered from"))
    registered_to = date_filter(_("Registered until"))


def veterans_queryset(filters: dict, user=None):
    qs = VeteranProfile.objects.select_related("region", "user").order_by("pk")
    return filtered(
        qs, filters, region="region", equal=("status", "employment_status"), periods={"registered": "created_at__date"}
    )


VETERAN_COLUMNS = [
    *person_columns(lambda profile: profile.user),
    Column(_("Region code"), lambda p, unmask: p.region.code if p.region_id else ""),
    Column(_("Region"), lambda p, unmask: p.region.label if p.region_id else ""),
    Column(_("Service branch"), lambda p, unmask: choice_label(ServiceBranch, p.service_branch)),
    Column(_("Discharge date"), lambda p, unmask: p.discharge_date),
    Column(_("Employment status"), lambda p, unmask: choice_label(EmploymentStatus, p.employment_status)),
    Column(_("Status"), lambda p, unmask: choice_label(VeteranProfile.Status, p.status)),
    Column(_("Registered on"), lambda p, unmask: local_date(p.created_at)),
]


class OrganizationFilterForm(RegionFilterForm):
    org_type = forms.ChoiceField(choices=[("", "—")] + list(Organization.Type.choices), required=False, label=_("Type"))
    status = forms.ChoiceField(
        choices=[("", "—")] + list(Organization.Status.choices), required=False, label=_("Status")
    )


def organizations_queryset(filters: dict, user=None):
    qs = Organization.objects.select_related("region").order_by("pk")
    return filtered(qs, filters, region="region", equal=("org_type", "status"))


ORGANIZATION_COLUMNS = [
    Column(_("Name"), lambda o, unmask: o.name),
    Column(_("Type"), lambda o, unmask: choice_label(Organization.Type, o.org_type)),
    Column(_("Unified social credit code"), lambda o, unmask: o.uscc or ""),
    Column(_("Region"), lambda o, unmask: o.region.label if o.region_id else ""),
    Column(_("Industry"), lambda o, unmask: o.industry),
    Column(_("Contact person"), lambda o, unmask: o.contact_name if unmask else crypto.mask_name(o.contact_name)),
    Column(_("Contact phone"), lambda o, unmask: o.contact_phone if unmask else crypto.mask_phone(o.contact_phone)),
    Column(_("Status"), lambda o, unmask: choice_label(Organization.Status, o.status)),
]


class AuditFilterForm(forms.Form):
    user = forms.CharField(required=False, label=_("User name"), max_length=150)
    action = forms.ChoiceField(choices=[("", "—")] + list(AuditLog.Action.choices), required=False, label=_("Action"))
    date_from = date_filter(_("From"))
    date_to = date_filter(_("Until"))


def audit_queryset(filters: dict, user=None):
    qs = AuditLog.objects.select_related("actor", "on_behalf_of").order_by("-created_at", "-pk")
    if filters.get("user"):
        qs = qs.filter(actor__username__icontains=filters["user"])
    return filtered(qs, filters, equal=("action",), periods={"date": "created_at__date"})


AUDIT_COLUMNS = [
    Column(_("Time"), lambda e, unmask: local_datetime_text(e.created_at, seconds=True)),
    Column(_("User"), lambda e, unmask: e.actor.username if e.actor_id else ""),
    Column(_("Action"), lambda e, unmask: choice_label(AuditLog.Action, e.action)),
    Column(_("Object"), lambda e, unmask: e.target_repr),
    Column(_("On behalf of"), lambda e, unmask: e.on_behalf_of.username if e.on_behalf_of_id else ""),
    Column(_("Detail"), lambda e, unmask: ", ".join(f"{k}={v}" for k, v in sorted(e.detail.items()))),
    Column(_("IP address"), lambda e, unmask: e.ip_address or ""),
]

EXPORTS = [
    ExportDefinition("veterans", _("Veterans"), veterans_queryset, VETERAN_COLUMNS, VeteranFilterForm, personal=True),
    ExportDefinition(
        "organizations",
        _("Organizations"),
        organizations_queryset,
        ORGANIZATION_COLUMNS,
        OrganizationFilterForm,
        personal=True,
    ),
    ExportDefinition(
        "audit", _("Audit log"), audit_queryset, AUDIT_COLUMNS, AuditFilterForm, permission="portal.browse_auditlog"
    ),
]


# --- the exports list and writers ----------------------------------------------------------------------------


def registered_exports() -> dict[str, ExportDefinition]:
    """Every pillar's exports by key, the portal's own first (portal.pillars)."""
    found = {}
    for pillar in pillars():
        for definition in pillar.exports:
            definition.app_label = pillar.label
            found.setdefault(definition.key, definition)
    return found


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):  # a raw aware datetime: written as local time, never UTC
        return local_datetime_text(value, seconds=True)
    if isinstance(value, Promise):  # a lazy translation (e.g. _("yes")): openpyxl refuses the proxy object
        return str(value)
    return value


def export_rows(definition: ExportDefinition, queryset, unmask: bool) -> Iterable[list]:
    for row in queryset.iterator(chunk_size=CHUNK):
        yield [_cell(column.value(row, unmask)) for column in definition.columns]


def export_request(definition: ExportDefinition, *, query, user, unmask_requested: bool):
    """(filters, queryset, unmask) for one export: the single path behind the direct download and the background job,
    so both apply the same filter form, the same user scope and the same masking rule."""
    filters, _form = definition.filters_from(query)
    unmask = bool(definition.personal and unmask_requested and can_see_full_id_number(user))
    return filters, definition.queryset(filters, user), unmask


def header(definition: ExportDefinition) -> list[str]:
    return [str(c.header) for c in definition.columns]


class _Echo:
    def write(self, value):
        return value


def _safe_csv(value):
    # Spreadsheet formula injection: a cell beginning with = + - @ is run as a formula by Excel.
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _xlsx_cell(value):
    return _safe_csv(value) if isinstance(value, str) else value


def _sheet_title(definition: ExportDefinition) -> str:
    # Excel refuses sheet names over 31 characters or with any of []:*?/\
    title = str(definition.title).translate({ord(c): " " for c in "[]:*?/\\"}).strip()
    return title[:31] or "export"


def csv_response(definition: ExportDefinition, queryset, unmask: bool, filename: str) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def stream():
        yield "\ufeff"  # BOM: Excel opens UTF-8 Chinese correctly
        yield writer.writerow(header(definition))
        for values in export_rows(definition, queryset, unmask):
            yield writer.writerow([_safe_csv(v) for v in values])

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def write_csv(definition: ExportDefinition, queryset, unmask: bool, handle, progress=None) -> int:
    """Write the export to a binary file; `progress(rows_written)` is called every PROGRESS_EVERY rows."""
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="", write_through=True)
    writer = csv.writer(text)
    writer.writerow(header(definition))
    written = 0
    for written, values in enumerate(export_rows(definition, queryset, unmask), start=1):
        writer.writerow([_safe_csv(v) for v in values])
        if progress and written % PROGRESS_EVERY == 0:
            progress(written)
    text.flush()
    text.detach()  # leave the caller's file open
    return written


def write_xlsx(definition: ExportDefinition, queryset, unmask: bool, handle, progress=None) -> int:
    """openpyxl's write-only workbook streams rows to a temporary file, so memory does not grow with the rows."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(definition))
    sheet.append(header(definition))
    written = 0
    for written, values in enumerate(export_rows(definition, queryset, unmask), start=1):
        sheet.append([_xlsx_cell(v) for v in values])
        if progress and written % PROGRESS_EVERY == 0:
            progress(written)
    workbook.save(handle)
    return written


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX_CONTENT_TYPE}
WRITERS = {"csv": write_csv, "xlsx": write_xlsx}


def xlsx_response(definition: ExportDefinition, queryset, unmask: bool, filename: str) -> FileResponse:
    """The finished file is streamed to the client from disk and removed when closed."""
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (FileResponse closes it)
    write_xlsx(definition, queryset, unmask, handle)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_CONTENT_TYPE)
