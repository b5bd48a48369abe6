"""Admin of subsidy claims (evidence, payee, payment) and of the evaluation committee. Imported by training.admin.
Every transition is an action calling the service; what the services record is read-only."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.admin_actions import ServiceOwnedFieldsAdmin, ask_on_intermediate_page, run_service_action, service_action
from portal.admin_search import PersonSearchMixin
from portal.widgets import DateInput
from training import services
from training.models import (
    EvaluationResult,
    Evaluator,
    InstitutionEvaluation,
    SubsidyAttachment,
    SubsidyClaim,
    SubsidyPayment,
)
from training.services.committee import evaluator_check


class SubsidyAttachmentInline(admin.TabularInline):
    model = SubsidyAttachment
    extra = 0
    fields = ["kind", "file", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # evidence comes through subsidy_attachment_add (upload rules, claim still open)


class SubsidyPaymentInline(admin.StackedInline):
    model = SubsidyPayment
    extra = 0
    fields = ["amount", "paid_on", "voucher_number", "recorded_by", "recorded_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class PaymentForm(forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=DateInput())
    voucher_number = forms.CharField(label=_("Voucher number"), max_length=40)


@admin.action(description=_("Record the payment of selected claims (their approved amounts)"), permissions=["change"])
def record_payment_selected(modeladmin, request, queryset):
    form = PaymentForm(request.POST if "apply" in request.POST else None)
    if not form.is_valid():
        return ask_on_intermediate_page(
            modeladmin, request, queryset, "record_payment_selected", _("Record the payment"), form
        )

    def call(claim):
        return services.subsidy_payment_record(
            claim=claim,
            actor=request.user,
            amount=claim.approved_amount,
            paid_on=form.cleaned_data["paid_on"],
            voucher_number=form.cleaned_data["voucher_number"],
        )

    run_service_action(modeladmin, request, queryset, call, _("%(count)s payments recorded."))
    return None


record_payment_selected.service = services.subsidy_payment_record


@admin.register(SubsidyClaim)
class SubsidyClaimAdmin(PersonSearchMixin, ServiceOwnedFieldsAdmin):
    person_search_paths = ("enrollment__veteran",)
    search_fields = ["enrollment__training_class__name", "enrollment__training_class__course__title"]
    list_display = ["enrollment", "amount", "approved_amount", "status", "payee", "created_at", "decided_at", "paid_at"]
    list_filter = ["status", "payee", "enrollment__training_class__course__institution"]
    created_by_service = True  # subsidy_claim_file (after completion, amount from the course)
    service_owned_fields = (
        "enrollment",
        "amount",
        "status",
        "filed_by",
        "payee",
        "payee_name",
        "payee_bank",
        "masked_payee_account",
        "approved_amount",
        "approval_note",
        "rejection_reason",
        "decided_by",
        "decided_at",
        "paid_at",
    )
    exclude = ["payee_account_encrypted"]
    inlines = [SubsidyAttachmentInline, SubsidyPaymentInline]
    actions = [
        service_action(
            services.subsidy_claim_approve,
            name="approve_selected",
            description=_("Approve selected claims (the full amount claimed)"),
            done=_("%(count)s claims approved."),
            target="claim",
            actor="actor",
        ),
        service_action(
            services.subsidy_claim_reject,
            name="reject_selected",
            description=_("Reject selected claims"),
            done=_("%(count)s claims rejected."),
            target="claim",
            actor="actor",
            reason="reason",
        ),
        record_payment_selected,
    ]

    @admin.display(description=_("account number"))
    def masked_payee_account(self, obj):
        return obj.masked_payee_account


@admin.register(SubsidyPayment)
class SubsidyPaymentAdmin(ServiceOwnedFieldsAdmin):
    list_display = ["voucher_number", "claim", "amount", "paid_on", "recorded_by"]
    list_filter = ["paid_on", "claim__enrollment__training_class__course__institution"]
    search_fields = ["voucher_number"]
    created_by_service = True  # subsidy_payment_record
    service_owned_fields = ("claim", "amount", "paid_on", "voucher_number", "recorded_by")


class EvaluatorAddForm(forms.ModelForm):
    class Meta:
        model = Evaluator
        fields = ["user", "kind", "affiliation"]

    def clean(self):
        data = super().clean()
        if data.get("user") and data.get("kind"):
            try:
                evaluator_check(user=data["user"], kind=data["kind"], affiliation=data.get("affiliation", "").strip())
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    self.add_error(field if field in self.fields else None, errors)
        return data


@admin.register(Evaluator)
class EvaluatorAdmin(ServiceOwnedFieldsAdmin):
    list_display = ["__str__", "kind", "affiliation", "appointed_at", "ended_at"]
    list_filter = ["kind", ("ended_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__username", "user__first_name", "user__last_name", "affiliation"]
    raw_id_fields = ["user"]
    service_owned_fields = ("appointed_by", "appointed_at", "ended_at")
    actions = [
        service_action(
            services.evaluator_end,
            name="end_selected",
            description=_("End the selected appointments"),
            done=_("%(count)s appointments ended."),
            target="evaluator",
            actor="actor",
        )
    ]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = EvaluatorAddForm
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return (*fields, "user", "kind", "affiliation") if obj else fields

    def save_model(self, request, obj, form, change):
        if change:
            return
        saved = services.evaluator_appoint(
            user=obj.user, kind=obj.kind, affiliation=obj.affiliation, actor=request.user
        )
        obj.pk = saved.pk


def _publish_periods(modeladmin, request, queryset):
    periods = sorted(set(queryset.values_list("period", flat=True)))
    run_service_action(
        modeladmin,
        request,
        periods,
        lambda period: services.evaluation_results_publish(period=period, actor=request.user),
        _("Results of %(count)s periods published."),
    )


publish_selected_periods = admin.action(
    description=_("Publish the results of the selected evaluations' periods"), permissions=["change"]
)(_publish_periods)
publish_selected_periods.__name__ = "publish_selected_periods"
publish_selected_periods.service = services.evaluation_results_publish


@admin.register(InstitutionEvaluation)
class InstitutionEvaluationAdmin(ServiceOwnedFieldsAdmin):
    list_display = ["institution", "period", "evaluator", "total", "updated_at"]
    list_filter = ["period", "evaluator__kind"]
    search_fields = ["institution__name"]
    created_by_service = True  # institution_evaluation_submit (an appointed evaluator's scores)
    service_owned_fields = (
        "evaluator",
        "institution",
        "period",
        "teaching",
        "attendance",
        "completion",
        "employment",
        "ratings",
        "total",
        "comment",
        "measured",
    )
    actions = [publish_selected_periods]


@admin.register(EvaluationResult)
class EvaluationResultAdmin(ServiceOwnedFieldsAdmin):
    list_display = ["institution", "period", "score", "evaluations", "flagged", "published_at"]
    list_filter = ["period", "flagged"]
    search_fields = ["institution__name"]
    created_by_service = True  # evaluation_results_publish
    service_owned_fields = (
        "institution",
        "period",
        "score",
        "evaluations",
        "flagged",
        "threshold",
        "published_by",
        "published_at",
    )
