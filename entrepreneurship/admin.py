"""Admin of the entrepreneurship app: staff review mentors, run competitions, and oversee residency and loans."""

from django.contrib import admin
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
from entrepreneurship.services import competitions, incubators, mentors, workstations
from portal.admin_actions import ServiceOwnedFieldsAdmin, ServiceOwnedFieldsMixin, service_action
from portal.admin_search import PersonSearchMixin


@admin.register(Enterprise)
class EnterpriseAdmin(PersonSearchMixin, ServiceOwnedFieldsAdmin):
    person_search_paths = ("founder",)
    list_display = ["name", "founder", "stage", "industry", "jobs_created", "organization", "created_at"]
    list_filter = ["stage", "region__parent"]
    search_fields = ["name", "uscc", "founder__username"]
    raw_id_fields = ["region"]
    created_by_service = True  # enterprise_save (the founder's, USCC checked)
    service_owned_fields = ("founder", "organization")  # organization: enterprise_become_employer


@admin.register(IncubatorBase)
class IncubatorBaseAdmin(ServiceOwnedFieldsAdmin):
    """Operators (and staff) create and edit bases on the operators' pages (workstations.base_save, room_save)."""

    list_display = ["name", "operator", "region", "total_workstations", "rooms", "is_active"]
    list_filter = ["is_active", "operator"]
    search_fields = ["name", "address"]
    created_by_service = True
    service_owned_fields = ("operator", "rooms", *workstations.BASE_FIELDS)


@admin.register(Residency)
class ResidencyAdmin(PersonSearchMixin, ServiceOwnedFieldsAdmin):
    person_search_paths = ("enterprise__founder",)
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
    created_by_service = True  # residency_apply
    service_owned_fields = (
        "base",
        "enterprise",
        "workstations_requested",
        "workstations_allocated",
        "status",
        "rejection_reason",
        "start_date",
        "end_date",
        "renewals",
        "exited_on",
        "reviewed_by",
        "reviewed_at",
    )
    actions = [
        service_action(
            incubators.residency_reject,
            name="reject_selected",
            description=_("Reject selected residency applications"),
            done=_("%(count)s residency applications rejected."),
            target="residency",
            actor="user",
            reason="reason",
        ),
        service_action(
            incubators.residency_exit,
            name="exit_selected",
            description=_("End selected residencies"),
            done=_("%(count)s residencies ended."),
            target="residency",
            actor="user",
        ),
    ]


@admin.register(MentorProfile)
class MentorProfileAdmin(ServiceOwnedFieldsAdmin):
    list_display = ["display_name", "user", "title", "status", "approved_at"]
    list_filter = ["status"]
    search_fields = ["display_name", "user__username", "expertise"]
    raw_id_fields = ["region"]
    created_by_service = True  # mentor_apply
    service_owned_fields = ("user", "status", "approved_by", "approved_at", "rejection_reason")
    actions = [
        service_action(
            mentors.mentor_review,
            name="approve",
            description=_("Approve selected mentors"),
            done=_("%(count)s mentors approved."),
            target="profile",
            actor="staff_user",
            extra={"approve": True},
        ),
        service_action(
            mentors.mentor_review,
            name="reject",
            description=_("Reject selected mentors"),
            done=_("%(count)s mentors rejected."),
            target="profile",
            actor="staff_user",
            reason="reason",
            extra={"approve": False},
        ),
    ]


@admin.register(MentorSlot)
class MentorSlotAdmin(ServiceOwnedFieldsAdmin):
    list_display = ["mentor", "start", "end", "is_booked"]
    list_filter = ["is_booked", "mentor"]
    service_owned_fields = ("is_booked",)  # booking_create / booking_cancel, under a lock


@admin.register(MentorBooking)
class MentorBookingAdmin(PersonSearchMixin, ServiceOwnedFieldsAdmin):
    person_search_paths = ("veteran",)
    search_fields = ["slot__mentor__display_name"]
    list_display = ["slot", "veteran", "topic", "status", "rating"]
    list_filter = ["status", "topic", "rating"]
    created_by_service = True  # booking_create; cancel, notes and rating through their services
    service_owned_fields = (
        "slot",
        "veteran",
        "enterprise",
        "topic",
        "question",
        "status",
        "cancelled_by",
        "cancel_reason",
        "cancelled_at",
        "mentor_notes",
        "follow_up",
        "rating",
        "rating_comment",
        "rated_at",
    )


class StageInline(ServiceOwnedFieldsMixin, admin.TabularInline):
    model = CompetitionStage
    extra = 0
    # competition_advance; stage_schedule (the manage page) moves the two deadlines together.
    service_owned_fields = ("advanced_at", "deadline", "scoring_deadline")


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


class JudgeInline(ServiceOwnedFieldsMixin, admin.TabularInline):
    model = JudgeAssignment
    extra = 0
    raw_id_fields = ["judge"]
    service_owned_fields = ("assigned_by",)  # judge_assign, called by save_formset below


@admin.register(Competition)
class CompetitionAdmin(ServiceOwnedFieldsAdmin):
    list_display = ["title", "status", "organizer", "results_published_at", "created_at"]
    list_filter = ["status"]
    search_fields = ["title"]
    inlines = [StageInline, CriterionInline, JudgeInline]
    # competition_create (staff page) makes the competition with its stages and rubric in one checked step.
    created_by_service = True
    service_owned_fields = ("status", "results_published_at", "created_by")
    actions = [
        service_action(
            competitions.competition_open,
            name="open_selected",
            description=_("Open selected competitions for entries"),
            done=_("%(count)s competitions opened."),
            target="competition",
            actor="user",
        ),
        service_action(
            competitions.competition_start_judging,
            name="start_judging",
            description=_("Start judging of selected competitions"),
            done=_("%(count)s competitions moved to judging."),
            target="competition",
            actor="user",
        ),
        service_action(
            competitions.results_publish,
            name="publish_results",
            description=_("Publish results of selected competitions"),
            done=_("%(count)s competitions' results published."),
            target="competition",
            actor="user",
        ),
    ]

    def save_formset(self, request, form, formset, change):
        if formset.model is JudgeAssignment:
            for instance in formset.save(commit=False):
                competitions.judge_assign(competition=instance.competition, judge=instance.judge, user=request.user)
            for obj in formset.deleted_objects:
                obj.delete()
            return
        super().save_formset(request, form, formset, change)


@admin.register(RubricCriterion)
class RubricCriterionAdmin(ServiceOwnedFieldsAdmin):
    service_owned_fields = ()  # locked once scored (below)
    list_display = ["name", "competition", "weight", "max_score"]
    list_filter = ["competition"]

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.competition.rubric_locked())


@admin.register(CompetitionEntry)
class CompetitionEntryAdmin(PersonSearchMixin, ServiceOwnedFieldsAdmin):
    person_search_paths = ("enterprise__founder",)
    list_display = ["enterprise", "competition", "stage", "award"]
    list_filter = ["competition", "stage__kind"]
    search_fields = ["enterprise__name"]
    created_by_service = True  # entry_submit; stage by competition_advance, award by award_record
    service_owned_fields = ("competition", "enterprise", "submitted_by", "stage", "award")


@admin.register(JudgeConflict)
class JudgeConflictAdmin(ServiceOwnedFieldsAdmin):
    list_display = ["judge", "entry", "reason"]
    created_by_service = True  # conflict_declare
    service_owned_fields = ("judge", "entry", "reason", "declared_by", "created_at")


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
class LoanProductAdmin(ServiceOwnedFieldsAdmin):
    service_owned_fields = ()  # the bank's product terms, no workflow
    list_display = ["name", "bank", "max_amount", "max_term_months", "annual_rate", "subsidy_rule", "is_active"]
    list_filter = ["subsidy_rule", "is_active", "bank"]
    search_fields = ["name", "bank__name"]


@admin.register(LoanApplication)
class LoanApplicationAdmin(PersonSearchMixin, ServiceOwnedFieldsAdmin):
    person_search_paths = ("applicant",)
    """The bank decides (loan_review, loan_disburse on the bank's pages); staff follow the applications here."""

    list_display = ["enterprise", "product", "amount", "term_months", "status", "disbursed_amount", "subsidy_due"]
    list_filter = ["status", "product__bank", "product__subsidy_rule"]
    search_fields = ["enterprise__name", "applicant__username"]
    created_by_service = True  # loan_apply
    service_owned_fields = (
        "product",
        "applicant",
        "enterprise",
        "amount",
        "term_months",
        "status",
        "bank_note",
        "documents_note",
        "reviewed_by",
        "reviewed_at",
        "disbursed_amount",
        "disbursed_on",
        "subsidy_due",
    )


from entrepreneurship import admin_records  # noqa: E402, F401  (registers the workbench's records)
