"""Staff exports (portal/staff/exports.py's contract): residencies and startup-loan applications.

Both carry a veteran's name and ID number, masked unless the export is explicitly unmasked by a permitted user."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from entrepreneurship.models import IncubatorBase, LoanApplication, LoanProduct, Residency
from entrepreneurship.selectors import with_project_region
from portal.models import Organization
from portal.staff.export_parts import date_filter, filtered, person_columns
from portal.staff.exports import Column, ExportDefinition, choice_label
from portal.staff.forms import RegionFilterForm
from portal.times import local_date

_date_field = date_filter


# --- residencies ----------------------------------------------------------------------------------------------


class ResidencyFilterForm(RegionFilterForm):
    status = forms.ChoiceField(choices=[("", "—")] + list(Residency.Status.choices), required=False, label=_("Status"))
    base = forms.ModelChoiceField(IncubatorBase.objects.all(), required=False, label=_("Incubator base"))
    applied_from = _date_field(_("Applied from"))
    applied_to = _date_field(_("Applied until"))


def residencies_queryset(filters: dict, user=None):
    qs = Residency.objects.select_related(
        "base__region", "base__operator", "enterprise__founder__veteran_profile"
    ).order_by("pk")
    return filtered(
        qs, filters, region="base__region", equal=("status", "base"), periods={"applied": "created_at__date"}
    )


RESIDENCY_COLUMNS = [
    Column(_("Incubator base"), lambda r, unmask: r.base.name),
    Column(_("Operator"), lambda r, unmask: r.base.operator.name),
    Column(_("Region"), lambda r, unmask: r.base.region.label),
    Column(_("Project"), lambda r, unmask: r.enterprise.name),
    *person_columns(lambda residency: residency.enterprise.founder, name=_("Founder"), phone=False),
    Column(_("Jobs created"), lambda r, unmask: r.enterprise.jobs_created),
    Column(_("Workstations requested"), lambda r, unmask: r.workstations_requested),
    Column(_("Workstations allocated"), lambda r, unmask: r.workstations_allocated),
    Column(_("Status"), lambda r, unmask: choice_label(Residency.Status, r.status)),
    Column(_("Applied on"), lambda r, unmask: local_date(r.created_at)),
    Column(_("Residency starts"), lambda r, unmask: r.start_date),
    Column(_("Residency ends"), lambda r, unmask: r.end_date),
    Column(_("Renewals"), lambda r, unmask: r.renewals),
    Column(_("Exited on"), lambda r, unmask: r.exited_on),
]


# --- loan applications ----------------------------------------------------------------------------------------


class LoanFilterForm(RegionFilterForm):
    status = forms.ChoiceField(
        choices=[("", "—")] + list(LoanApplication.Status.choices), required=False, label=_("Status")
    )
    bank = forms.ModelChoiceField(
        Organization.objects.filter(org_type=Organization.Type.BANK), required=False, label=_("Bank")
    )
    product = forms.ModelChoiceField(LoanProduct.objects.all(), required=False, label=_("Loan product"))
    applied_from = _date_field(_("Applied from"))
    applied_to = _date_field(_("Applied until"))
    disbursed_from = _date_field(_("Disbursed from"))
    disbursed_to = _date_field(_("Disbursed until"))


def loans_queryset(filters: dict, user=None):
    qs = LoanApplication.objects.select_related(
        "product__bank", "enterprise__region", "applicant__veteran_profile__region"
    ).order_by("pk")
    if filters.get("region"):
        qs = with_project_region(qs).filter(project_region__startswith=filters["region"].code_prefix)
    return filtered(
        qs,
        filters,
        equal=("status", ("bank", "product__bank"), "product"),
        periods={"applied": "created_at__date", "disbursed": "disbursed_on"},
    )


def _applicant_profile(loan):
    return getattr(loan.applicant, "veteran_profile", None)


def _project_region_name(loan):
    if loan.enterprise.region_id:
        return loan.enterprise.region.label
    profile = _applicant_profile(loan)
    return profile.region.label if profile is not None and profile.region_id else ""


LOAN_COLUMNS = [
    Column(_("Bank"), lambda a, unmask: a.product.bank.name),
    Column(_("Loan product"), lambda a, unmask: a.product.name),
    Column(_("Project"), lambda a, unmask: a.enterprise.name),
    Column(_("Region"), lambda a, unmask: _project_region_name(a)),
    *person_columns(lambda loan: loan.applicant, name=pgettext_lazy("application", "Applicant"), phone=False),
    Column(_("Amount (yuan)"), lambda a, unmask: a.amount),
    Column(_("Term (months)"), lambda a, unmask: a.term_months),
    Column(_("Status"), lambda a, unmask: choice_label(LoanApplication.Status, a.status)),
    Column(_("Applied on"), lambda a, unmask: local_date(a.created_at)),
    Column(_("Reviewed on"), lambda a, unmask: local_date(a.reviewed_at)),
    Column(_("Disbursed amount (yuan)"), lambda a, unmask: a.disbursed_amount),
    Column(_("Disbursed on"), lambda a, unmask: a.disbursed_on),
    Column(_("Interest subsidy due (yuan)"), lambda a, unmask: a.subsidy_due),
]


EXPORTS = [
    ExportDefinition(
        "residencies",
        _("Incubator residencies"),
        residencies_queryset,
        RESIDENCY_COLUMNS,
        ResidencyFilterForm,
        personal=True,
    ),
    ExportDefinition(
        "loan-applications",
        _("Startup loan applications"),
        loans_queryset,
        LOAN_COLUMNS,
        LoanFilterForm,
        personal=True,
    ),
]
