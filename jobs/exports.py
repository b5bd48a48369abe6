"""Staff exports of the jobs app (contract in portal/staff/exports.py): positions, applications, fairs with their
figures, fair registrations. Applicants' personal data is masked unless the staff member may unmask."""

from django import forms
from django.utils.translation import gettext_lazy as _

from jobs.models import Application, Booth, FairRegistration, IntentRecord, JobFair, Position
from jobs.selectors import _count_per_fair
from portal.choices import Education
from portal.staff.export_parts import date_filter, filtered, person_columns
from portal.staff.exports import Column, ExportDefinition, choice_label
from portal.staff.forms import RegionFilterForm
from portal.times import local_datetime_text

_date_field = date_filter


# --- positions ----------------------------------------------------------------------------------------------------


class PositionExportFilterForm(RegionFilterForm):
    status = forms.ChoiceField(choices=[("", "—")] + list(Position.Status.choices), required=False, label=_("Status"))
    date_from = _date_field(_("Published from"))
    date_to = _date_field(_("Published until"))


def positions_queryset(filters: dict, user=None):
    qs = Position.objects.select_related("organization", "region", "category").defer(
        "description", "search_title", "search_body", "search_vector", "organization__description"
    )
    qs = filtered(qs, filters, region="region", equal=("status",), periods={"date": "published_at__date"})
    return qs.order_by("pk")


POSITION_COLUMNS = [
    Column(_("Position"), lambda p, unmask: p.title),
    Column(_("Employer"), lambda p, unmask: p.organization.name),
    Column(_("Region code"), lambda p, unmask: p.region.code),
    Column(_("Region"), lambda p, unmask: p.region.label),
    Column(_("Occupation category"), lambda p, unmask: p.category.label),
    Column(_("Minimum monthly salary (CNY)"), lambda p, unmask: p.salary_min),
    Column(_("Maximum monthly salary (CNY)"), lambda p, unmask: p.salary_max),
    Column(_("Headcount"), lambda p, unmask: p.headcount),
    Column(_("Education required"), lambda p, unmask: choice_label(Education, p.education)),
    Column(_("Veterans preferred"), lambda p, unmask: _("yes") if p.veteran_priority else _("no")),
    Column(_("Targeted recruitment"), lambda p, unmask: _("yes") if p.targeted else _("no")),
    Column(_("Status"), lambda p, unmask: choice_label(Position.Status, p.status)),
    Column(_("Published at"), lambda p, unmask: local_datetime_text(p.published_at)),
    Column(_("Application deadline"), lambda p, unmask: p.deadline),
]


# --- applications -------------------------------------------------------------------------------------------------


class ApplicationExportFilterForm(RegionFilterForm):
    status = forms.ChoiceField(
        choices=[("", "—")] + list(Application.Status.choices), required=False, label=_("Status")
    )
    source = forms.ChoiceField(
        choices=[("", "—")] + list(Application.Source.choices), required=False, label=_("Source")
    )
    date_from = _date_field(_("Applied from"))
    date_to = _date_field(_("Applied until"))


def applications_queryset(filters: dict, user=None):
    qs = Application.objects.select_related(
        "position__organization", "position__region", "veteran__veteran_profile", "veteran__family_profile", "fair"
    ).defer(
        "profile_snapshot",
        "note",
        "position__description",
        "position__search_title",
        "position__search_body",
        "position__search_vector",
        "position__organization__description",
    )
    qs = filtered(
        qs, filters, region="position__region", equal=("status", "source"), periods={"date": "created_at__date"}
    )
    return qs.order_by("pk")


APPLICANT_COLUMNS = person_columns(lambda application: application.veteran, name=_("Applicant"))

APPLICATION_COLUMNS = [
    Column(_("Position"), lambda a, unmask: a.position.title),
    Column(_("Employer"), lambda a, unmask: a.position.organization.name),
    Column(_("Region"), lambda a, unmask: a.position.region.label),
    *APPLICANT_COLUMNS,
    Column(_("Status"), lambda a, unmask: choice_label(Application.Status, a.status)),
    Column(_("Source"), lambda a, unmask: choice_label(Application.Source, a.source)),
    Column(_("Job fair"), lambda a, unmask: a.fair.title if a.fair_id else ""),
    Column(_("Applied at"), lambda a, unmask: local_datetime_text(a.created_at)),
    Column(_("Status changed at"), lambda a, unmask: local_datetime_text(a.status_changed_at)),
]


# --- fairs and registrations --------------------------------------------------------------------------------------


class FairExportFilterForm(RegionFilterForm):
    kind = forms.ChoiceField(choices=[("", "—")] + list(JobFair.Kind.choices), required=False, label=_("Kind"))
    date_from = _date_field(_("Starting from"))
    date_to = _date_field(_("Starting until"))


def fairs_queryset(filters: dict, user=None):
    qs = JobFair.objects.select_related("region")
    qs = filtered(qs, filters, region="region", equal=("kind",), periods={"date": "starts_at__date"})
    approved = Booth.objects.filter(status=Booth.Status.APPROVED)
    return qs.annotate(
        employers=_count_per_fair(approved),
        positions=_count_per_fair(
            Booth.positions.through.objects.filter(booth__status=Booth.Status.APPROVED), "booth__fair", "position"
        ),
        registered=_count_per_fair(FairRegistration.objects.all()),
        checked_in=_count_per_fair(FairRegistration.objects.filter(checked_in_at__isnull=False)),
        application_count=_count_per_fair(Application.objects.counted_at_fairs()),
        intents=_count_per_fair(IntentRecord.objects.all(), "booth__fair"),
        hires=_count_per_fair(Application.objects.counted_at_fairs().filter(status=Application.Status.HIRED)),
    ).order_by("starts_at", "pk")


FAIR_COLUMNS = [
    Column(_("Job fair"), lambda f, unmask: f.title),
    Column(_("Kind"), lambda f, unmask: choice_label(JobFair.Kind, f.kind)),
    Column(_("Organizer"), lambda f, unmask: f.organizer),
    Column(_("Region"), lambda f, unmask: f.region.label),
    Column(_("Venue"), lambda f, unmask: f.venue),
    Column(_("Starts at"), lambda f, unmask: local_datetime_text(f.starts_at)),
    Column(_("Ends at"), lambda f, unmask: local_datetime_text(f.ends_at)),
    Column(_("Veteran capacity"), lambda f, unmask: f.capacity),
    Column(_("Employers at the fair"), lambda f, unmask: f.employers),
    Column(_("Positions at the fair"), lambda f, unmask: f.positions),
    Column(_("Registered for the fair"), lambda f, unmask: f.registered),
    Column(_("Checked in"), lambda f, unmask: f.checked_in),
    Column(_("Job applications"), lambda f, unmask: f.application_count),
    Column(_("Intents reached"), lambda f, unmask: f.intents),
    Column(_("Hires"), lambda f, unmask: f.hires),
]


class RegistrationExportFilterForm(RegionFilterForm):
    fair = forms.ModelChoiceField(queryset=JobFair.objects.order_by("-starts_at"), required=False, label=_("Job fair"))
    checked_in = forms.NullBooleanField(
        required=False,
        label=_("Checked in"),
        widget=forms.Select(choices=[("", "—"), ("true", _("yes")), ("false", _("no"))]),
    )


def registrations_queryset(filters: dict, user=None):
    qs = FairRegistration.objects.select_related("fair", "user__veteran_profile", "user__family_profile")
    qs = filtered(qs, filters, region="fair__region", equal=("fair",))
    if filters.get("checked_in") is not None:
        qs = qs.filter(checked_in_at__isnull=not filters["checked_in"])
    return qs.order_by("fair_id", "seat")


REGISTRATION_COLUMNS = [
    Column(_("Job fair"), lambda r, unmask: r.fair.title),
    Column(_("Place number"), lambda r, unmask: r.seat),
    *person_columns(lambda registration: registration.user, name=_("Applicant")),
    Column(_("Registered at"), lambda r, unmask: local_datetime_text(r.created_at)),
    Column(_("Checked in at"), lambda r, unmask: local_datetime_text(r.checked_in_at)),
]


EXPORTS = [
    ExportDefinition("jobs-positions", _("Positions"), positions_queryset, POSITION_COLUMNS, PositionExportFilterForm),
    ExportDefinition(
        "jobs-applications",
        _("Job applications"),
        applications_queryset,
        APPLICATION_COLUMNS,
        ApplicationExportFilterForm,
        personal=True,
    ),
    ExportDefinition("jobs-fairs", _("Job fairs"), fairs_queryset, FAIR_COLUMNS, FairExportFilterForm),
    ExportDefinition(
        "jobs-fair-registrations",
        _("Job fair registrations"),
        registrations_queryset,
        REGISTRATION_COLUMNS,
        RegistrationExportFilterForm,
        personal=True,
    ),
]
