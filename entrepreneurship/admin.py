"""Admin of the entrepreneurship app: staff review mentors, run competitions, and oversee residency and loans."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from entrepreneurship.models import (
    Competition,
    CompetitionEntry,
    CompetitionStage,
    Enterprise,
    IncubatorBase,
    JudgeAssignment,
    JudgeConflict,
    LoanApplication,
    LoanProduct,
    MentorBooking,
    MentorProfile,
    MentorSlot,
    Residency,
    RubricCriterion,
    Score,
)
from entrepreneurship.models.competitions import RUBRIC_LOCKED_MESSAGE
from entrepreneurship.services import competitions, mentors


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ["name", "founder", "stage", "industry", "jobs_created", "organization", "created_at"]
    list_filter = ["stage", "region__parent"]
    search_fields = ["name", "uscc", "founder__username"]
    raw_id_fields = ["founder", "region", "organization"]


@admin.register(IncubatorBase)
class IncubatorBaseAdmin(admin.ModelAdmin):
    list_display = ["name", "operator", "region", "total_workstations", "rooms", "is_active"]
    list_filter = ["is_active", "operator"]
    search_fields = ["name", "address"]
    raw_id_fields = ["region"]


@admin.register(Residency)
class ResidencyAdmin(admin.ModelAdmin):
    list_display = [
        "enterprise",
        "base",
        "status",
        "workstations_requested",
        "workstations_allocated",
        "start_date",
        "end_date",
    ]
    list_filter = ["status", "base"]
    search_fields = ["enterprise__name", "base__name"]
    # Allocation changes go through the services (capacity is checked under a lock), not through this form.
    readonly_fields = ["status", "workstations_allocated", "reviewed_by", "reviewed_at", "exited_on", "renewals"]
    raw_id_fields = ["enterprise"]


@admin.register(MentorProfile)
class MentorProfileAdmin(admin.ModelAdmin):
    list_display = ["display_name", "user", "title", "status", "approved_at"]
    list_filter = ["status"]
    search_fields = ["display_name", "user__username", "expertise"]
    readonly_fields = ["approved_by", "approved_at"]
    raw_id_fields = ["user", "region"]
    actions = ["approve", "reject"]

    @admin.action(description=_("Approve selected mentors"))
    def approve(self, request, queryset):
        for profile in queryset:
            mentors.mentor_review(profile=profile, staff_user=request.user, approve=True)
        self.message_user(request, _("Approved."), messages.SUCCESS)

    @admin.action(description=_("Reject selected mentors"))
    def reject(self, request, queryset):
        for profile in queryset:
            mentors.mentor_review(profile=profile, staff_user=request.user, approve=False)
        self.message_user(request, _("Rejected."), messages.SUCCESS)


@admin.register(MentorSlot)
class MentorSlotAdmin(admin.ModelAdmin):
    list_display = ["mentor", "start", "end", "is_booked"]
    list_filter = ["is_booked", "mentor"]
    readonly_fields = ["is_booked"]


@admin.register(MentorBooking)
class MentorBookingAdmin(admin.ModelAdmin):
    list_display = ["slot", "veteran", "topic", "status", "rating"]
    list_filter = ["status", "topic", "rating"]
    readonly_fields = ["slot", "veteran", "status", "cancelled_by", "cancelled_at", "rating", "rated_at"]


class StageInline(admin.TabularInline):
    model = CompetitionStage
    extra = 0
    readonly_fields = ["advanced_at"]


class LockedRubricFormSet(BaseInlineFormSet):
    """Refuse any change to a scored competition's rubric with a clear message, not a 500."""

    def clean(self):
        super().clean()
        if self.instance.pk and self.instance.rubric_locked() and self.has_changed():
            raise ValidationError(RUBRIC_LOCKED_MESSAGE)


class CriterionInline(admin.TabularInline):
    model = RubricCriterion
    formset = LockedRubricFormSet
    extra = 0

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.rubric_locked())


class JudgeInline(admin.TabularInline):
    model = JudgeAssignment
    extra = 0
    raw_id_fields = ["judge"]
    readonly_fields = ["assigned_by"]


@admin.register(Competition)
class CompetitionAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "organizer", "results_published_at", "created_at"]
    list_filter = ["status"]
    search_fields = ["title"]
    inlines = [StageInline, CriterionInline, JudgeInline]
    actions = ["publish_results"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is JudgeAssignment:
            for instance in formset.save(commit=False):
                competitions.judge_assign(competition=instance.competition, judge=instance.judge, user=request.user)
            for obj in formset.deleted_objects:
                obj.delete()
            return
        super().save_formset(request, form, formset, change)

    @admin.action(description=_("Publish results of selected competitions"))
    def publish_results(self, request, queryset):
        for competition in queryset:
            competitions.results_publish(competition=competition, user=request.user)
        self.message_user(request, _("Results published."), messages.SUCCESS)


@admin.register(RubricCriterion)
class RubricCriterionAdmin(admin.ModelAdmin):
    list_display = ["name", "competition", "weight", "max_score"]
    list_filter = ["competition"]

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.competition.rubric_locked())


@admin.register(CompetitionEntry)
class CompetitionEntryAdmin(admin.ModelAdmin):
    list_display = ["enterprise", "competition", "stage", "award"]
    list_filter = ["competition", "stage__kind"]
    search_fields = ["enterprise__name"]
    raw_id_fields = ["enterprise", "submitted_by"]


@admin.register(JudgeConflict)
class JudgeConflictAdmin(admin.ModelAdmin):
    list_display = ["judge", "entry", "reason"]
    raw_id_fields = ["judge", "entry"]


@admin.register(Score)
class ScoreAdmin(admin.ModelAdmin):
    list_display = ["entry", "stage", "judge", "weighted_total", "updated_at"]
    list_filter = ["stage__competition", "stage__kind"]

    # Scores are the judges' own; staff read them here but do not edit them.
    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(LoanProduct)
class LoanProductAdmin(admin.ModelAdmin):
    list_display = ["name", "bank", "max_amount", "max_term_months", "annual_rate", "subsidy_rule", "is_active"]
    list_filter = ["subsidy_rule", "is_active", "bank"]
    search_fields = ["name", "bank__name"]


@admin.register(LoanApplication)
class LoanApplicationAdmin(admin.ModelAdmin):
    list_display = ["enterprise", "product", "amount", "term_months", "status", "disbursed_amount", "subsidy_due"]
    list_filter = ["status", "product__bank", "product__subsidy_rule"]
    search_fields = ["enterprise__name", "applicant__username"]
    readonly_fields = ["status", "reviewed_by", "reviewed_at", "disbursed_amount", "disbursed_on", "subsidy_due"]
    raw_id_fields = ["applicant", "enterprise"]
