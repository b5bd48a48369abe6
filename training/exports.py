"""Staff exports of the training app (portal/staff/exports.py contract): enrolments and subsidy claims, with the
filters of the staff lists, personal data masked unless the staff member unmasks."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.staff.export_parts import date_filter, filtered, person_columns
from portal.staff.exports import Column, ExportDefinition, choice_label
from portal.staff.forms import RegionFilterForm
from portal.times import local_datetime_text
from training.models import Course, Enrollment, SubsidyClaim, SubsidyPayment

_date_field = date_filter


class EnrollmentFilterForm(RegionFilterForm):
    status = forms.ChoiceField(choices=[("", "—")] + list(Enrollment.Status.choices), required=False, label=_("Status"))
    course_type = forms.ChoiceField(
        choices=[("", "—")] + list(Course.Type.choices), required=False, label=_("Course type")
    )
    enrolled_from = _date_field(_("Enrolled from"))
    enrolled_to = _date_field(_("Enrolled until"))


class SubsidyClaimFilterForm(RegionFilterForm):
    status = forms.ChoiceField(
        choices=[("", "—")] + list(SubsidyClaim.Status.choices), required=False, label=_("Status")
    )
    filed_from = _date_field(_("Filed from"))
    filed_to = _date_field(_("Filed until"))


class PaymentFilterForm(RegionFilterForm):
    paid_from = _date_field(_("Paid from"))
    paid_to = _date_field(_("Paid until"))


def enrollments_queryset(filters: dict, user=None):
    qs = Enrollment.objects.select_related(
        "veteran__veteran_profile", "training_class__region", "training_class__course__institution"
    ).order_by("pk")
    return filtered(
        qs,
        filters,
        region="training_class__region",
        equal=("status", ("course_type", "training_class__course__course_type")),
        periods={"enrolled": "created_at__date"},
    )


def claims_queryset(filters: dict, user=None):
    qs = SubsidyClaim.objects.select_related(
        "enrollment__veteran__veteran_profile",
        "enrollment__training_class__region",
        "enrollment__training_class__course__institution",
    ).order_by("pk")
    return filtered(
        qs,
        filters,
        region="enrollment__training_class__region",
        equal=("status",),
        periods={"filed": "created_at__date"},
    )


def payments_queryset(filters: dict, user=None):
    qs = SubsidyPayment.objects.select_related(
        "claim__enrollment__veteran__veteran_profile",
        "claim__enrollment__training_class__region",
        "claim__enrollment__training_class__course__institution",
    ).order_by("paid_on", "pk")
    return filtered(qs, filters, region="claim__enrollment__training_class__region", periods={"paid": "paid_on"})


def payment_totals_queryset(filters: dict, user=None):
    """Paid subsidies summed per month and institution (Decimal sums: right to the fen)."""
    from django.db.models import Count, Sum
    from django.db.models.functions import TruncMonth

    institution = "claim__enrollment__training_class__course__institution"
    return (
        payments_queryset(filters)
        .annotate(month=TruncMonth("paid_on"))
        .values("month", f"{institution}__name")
        .annotate(payments=Count("pk"), total=Sum("amount"))
        .order_by("month", f"{institution}__name")
    )


def _local_date(value):
    from django.utils import timezone

    return timezone.localdate(value) if value else None


def _class_columns(get_enrollment):
    return [
        Column(_("Institution"), lambda r, unmask: get_enrollment(r).training_class.course.institution.name),
        Column(_("Course"), lambda r, unmask: get_enrollment(r).training_class.course.title),
        Column(
            _("Course type"),
            lambda r, unmask: choice_label(Course.Type, get_enrollment(r).training_class.course.course_type),
        ),
        Column(_("Class"), lambda r, unmask: get_enrollment(r).training_class.name),
        Column(_("Region code"), lambda r, unmask: get_enrollment(r).training_class.region.code),
        Column(_("Region"), lambda r, unmask: get_enrollment(r).training_class.region.label),
    ]


ENROLLMENT_COLUMNS = [
    *person_columns(lambda enrollment: enrollment.veteran),
    *_class_columns(lambda e: e),
    Column(_("Class starts"), lambda e, unmask: e.training_class.start_date),
    Column(_("Status"), lambda e, unmask: choice_label(Enrollment.Status, e.status)),
    Column(_("Enrolled on"), lambda e, unmask: _local_date(e.created_at)),
    Column(_("Completed on"), lambda e, unmask: _local_date(e.completed_at)),
    Column(_("Exam score"), lambda e, unmask: e.exam_score),
]

CLAIM_COLUMNS = [
    *person_columns(lambda claim: claim.enrollment.veteran),
    *_class_columns(lambda c: c.enrollment),
    Column(_("Amount (CNY)"), lambda c, unmask: c.amount),
    Column(_("Status"), lambda c, unmask: choice_label(SubsidyClaim.Status, c.status)),
    Column(_("Filed on"), lambda c, unmask: _local_date(c.created_at)),
    Column(_("Decided on"), lambda c, unmask: _local_date(c.decided_at)),
    Column(_("Paid on"), lambda c, unmask: _local_date(c.paid_at)),
    Column(_("Reason for rejection"), lambda c, unmask: c.rejection_reason),
    Column(_("Approved amount (CNY)"), lambda c, unmask: c.approved_amount),
    Column(_("Payee"), lambda c, unmask: choice_label(SubsidyClaim.Payee, c.payee)),
]

PAYMENT_COLUMNS = [
    Column(_("Voucher number"), lambda p, unmask: p.voucher_number),
    Column(_("Paid on"), lambda p, unmask: p.paid_on),
    Column(_("Amount paid (CNY)"), lambda p, unmask: p.amount),
    Column(_("Recorded at"), lambda p, unmask: local_datetime_text(p.recorded_at)),
    *person_columns(lambda payment: payment.claim.enrollment.veteran, id_number=False, phone=False),
    *_class_columns(lambda p: p.claim.enrollment),
    Column(_("Payee"), lambda p, unmask: choice_label(SubsidyClaim.Payee, p.claim.payee)),
    Column(_("Account holder"), lambda p, unmask: p.claim.payee_name),
    Column(
        _("Account number"),
        lambda p, unmask: p.claim.payee_account() if unmask else p.claim.masked_payee_account,
    ),
]

TOTAL_COLUMNS = [
    Column(_("Month"), lambda r, unmask: r["month"].strftime("%Y-%m") if r["month"] else ""),
    Column(_("Institution"), lambda r, unmask: r["claim__enrollment__training_class__course__institution__name"]),
    Column(_("Payments"), lambda r, unmask: r["payments"]),
    Column(_("Amount paid (CNY)"), lambda r, unmask: r["total"]),
]

EXPORTS = [
    ExportDefinition(
        "training-enrolments",
        _("Training enrolments"),
        enrollments_queryset,
        ENROLLMENT_COLUMNS,
        EnrollmentFilterForm,
        personal=True,
    ),
    ExportDefinition(
        "training-subsidy-claims",
        _("Training subsidy claims"),
        claims_queryset,
        CLAIM_COLUMNS,
        SubsidyClaimFilterForm,
        personal=True,
    ),
    ExportDefinition(
        "training-subsidy-payments",
        _("Training subsidy payments"),
        payments_queryset,
        PAYMENT_COLUMNS,
        PaymentFilterForm,
        personal=True,
    ),
    ExportDefinition(
        "training-subsidy-totals",
        _("Training subsidies paid by month and institution"),
        payment_totals_queryset,
        TOTAL_COLUMNS,
        PaymentFilterForm,
    ),
]
