"""Staff exports (portal/staff/exports.py's contract): residencies and startup-loan applications.

Both carry a veteran's name and ID number, masked unless the export is explicitly unmasked by a permitted user."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from entrepreneurship.models import IncubatorBase, LoanApplication, LoanProduct, Residency
from entrepreneurship.selectors import with_project_region
from portal.models import Organization
from portal.people import display_name
from portal.staff.exports import Column, ExportDefinition, choice_label
from portal.staff.forms import RegionFilterForm
from portal.times import local_date
from portal.widgets import DateInput


def _date_field(label):
    return forms.DateField(required=False, label=label, widget=DateInput())


def _founder_profile(enterprise):
    return getattr(enterprise.founder, "veteran_profile", None)


def _name(profile, user, unmask):
    return display_name(user, name=profile.real_name if profile is not None else None, unmask=unmask)


def _id_number(profile, unmask):
    if profile is None:
        return ""
    return profile.get_id_number() if unmask else profile.masked_id_number


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
    if filters.get("region"):
        qs = qs.filter(base__region__code__startswith=filters["region"].code_prefix)
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("base"):
        qs = qs.filter(base=filters["base"])
    if filters.get("applied_from"):
        qs = qs.filter(created_at__date__gte=filters["applied_from"])
    if filters.get("applied_to"):
        qs = qs.filter(created_at__date__lte=filters["applied_to"])
    return qs


RESIDENCY_COLUMNS = [
    Column(_("Incubator base"), lambda r, unmask: r.base.name),
    Column(_("Operator"), lambda r, unmask: r.base.operator.name),
    Column(_("Region"), lambda r, unmask: r.base.region.name),
    Column(_("Project"), lambda r, unmask: r.enterprise.name),
    Column(_("Founder"), lambda r, unmask: _name(_founder_profile(r.enterprise), r.enterprise.founder, unmask)),
    Column(_("ID number"), lambda r, unmask: _id_number(_founder_profile(r.enterprise), unmask)),
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
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("bank"):
        qs = qs.filter(product__bank=filters["bank"])
    if filters.get("product"):
        qs = qs.filter(product=filters["product"])
    for key, lookup in (
        ("applied_from", "created_at__date__gte"),
        ("applied_to", "created_at__date__lte"),
        ("disbursed_from", "disbursed_on__gte"),
        ("disbursed_to", "disbursed_on__lte"),
    ):
        if filters.get(key):
            qs = qs.filter(**{lookup: filters[key]})
    return qs


def _applicant_profile(loan):
    return getattr(loan.applicant, "veteran_profile", None)


def _project_region_name(loan):
    if loan.enterprise.region_id:
        return loan.enterprise.region.name
    profile = _applicant_profile(loan)
    return profile.region.name if profile is not None and profile.region_id else ""


LOAN_COLUMNS = [
    Column(_("Bank"), lambda a, unmask: a.product.bank.name),
    Column(_("Loan product"), lambda a, unmask: a.product.name),
    Column(_("Project"), lambda a, unmask: a.enterprise.name),
    Column(_("Region"), lambda a, unmask: _project_region_name(a)),
    Column(
        pgettext_lazy("application", "Applicant"), lambda a, unmask: _name(_applicant_profile(a), a.applicant, unmask)
    ),
    Column(_("ID number"), lambda a, unmask: _id_number(_applicant_profile(a), unmask)),
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
