"""Admin of the jobs app: review positions in bulk, run fairs (booths inline), follow applications (events inline)."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from jobs.matching.services.picks import weekly_pick_add
from jobs.models import (
    Application,
    ApplicationEvent,
    Booth,
    EmploymentRecord,
    FairRegistration,
    FollowUp,
    IntentRecord,
    JobFair,
    Position,
    PositionSpotCheck,
    PresentationSlot,
)
from jobs.services.booths import booth_approve, booth_reject
from jobs.services.fairs import fair_rule_errors
from jobs.services.positions import position_approve, position_close, position_reject
from jobs.services.spot_checks import spot_check_pass, spot_check_take_down
from portal.admin_actions import ServiceOwnedFieldsAdmin, ServiceOwnedFieldsMixin, service_action
from portal.admin_search import PersonSearchMixin


@admin.register(Position)
class PositionAdmin(ServiceOwnedFieldsAdmin):
    list_display = ["title", "organization", "region", "category", "salary_min", "salary_max", "status", "published_at"]
    list_filter = ["status", "veteran_priority", "targeted", "education", "category__parent"]
    search_fields = ["title", "organization__name", "description"]
    list_select_related = ["organization", "region", "category"]
    autocomplete_fields = ["organization"]
    raw_id_fields = ["region", "category"]
    filter_horizontal = ["military_specialties"]
    readonly_fields = ["created_at", "updated_at"]
    # Employers post positions through position_save (employer checked, skills cleaned) and staff review them here.
    created_by_service = True
    service_owned_fields = (
        "organization",
        "created_by",
        "status",
        "rejection_reason",
        "reviewed_by",
        "reviewed_at",
        "published_at",
        "closed_at",
    )
    date_hierarchy = "created_at"
    actions = [
        service_action(
            position_approve,
            name="approve_selected",
            description=_("Approve and publish selected positions"),
            done=_("%(count)s positions published."),
            target="position",
            with_request=True,
        ),
        service_action(
            position_reject,
            name="reject_selected",
            description=_("Return selected positions to the employer"),
            done=_("%(count)s positions rejected."),
            target="position",
            reason="reason",
            with_request=True,
        ),
        service_action(
            position_close,
            name="close_selected",
            description=_("Close selected published positions"),
            done=_("%(count)s positions closed."),
            target="position",
            actor="user",
        ),
        service_action(
            weekly_pick_add,
            name="pick_for_this_week",
            description=_("Add selected positions to this week's picks"),
            done=_("%(count)s positions picked for this week."),
            target="position",
            actor="staff_user",
        ),
    ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        from jobs.services.positions import position_index

        position_index(obj)


class ApplicationEventInline(admin.TabularInline):
    model = ApplicationEvent
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "actor", "note", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(PersonSearchMixin, ServiceOwnedFieldsAdmin):
    person_search_paths = ("veteran",)
    list_display = ["id", "position", "veteran", "status", "source", "fair", "created_at"]
    list_filter = ["status", "source", "fair"]
    search_fields = ["position__title", "position__organization__name", "veteran__username"]
    list_select_related = ["position", "veteran", "fair"]
    readonly_fields = ["created_at"]
    created_by_service = True  # application_submit (snapshot of the profile, event, notice)
    # Transitions are the employer's (application_transition, recorded as events); staff follow them here.
    service_owned_fields = (
        "position",
        "veteran",
        "status",
        "source",
        "fair",
        "booth",
        "profile_snapshot",
        "status_changed_at",
    )
    inlines = [ApplicationEventInline]


FOLLOW_UP_SERVICE_FIELDS = ("months", "due_on", "done_at", "still_employed", "reason", "recorded_by", "reminded_at")


class FollowUpInline(ServiceOwnedFieldsMixin, admin.TabularInline):
    model = FollowUp
    extra = 0
    created_by_service = True
    service_owned_fields = ("record", *FOLLOW_UP_SERVICE_FIELDS)


@admin.register(EmploymentRecord)
class EmploymentRecordAdmin(PersonSearchMixin, ServiceOwnedFieldsAdmin):
    person_search_paths = ("veteran",)
    list_display = ["veteran", "organization", "position", "started_on", "status"]
    list_filter = ["status"]
    search_fields = ["veteran__username", "organization__name", "position__title"]
    created_by_service = True  # employment_record_create (follow-ups scheduled), status set by follow_up_record
    service_owned_fields = ("application", "veteran", "organization", "position", "status", "left_on")
    inlines = [FollowUpInline]


@admin.register(FollowUp)
class FollowUpAdmin(PersonSearchMixin, ServiceOwnedFieldsAdmin):
    person_search_paths = ("record__veteran",)
    search_fields = ["record__organization__name", "record__position__title"]
    list_display = ["record", "months", "due_on", "done_at", "still_employed"]
    list_filter = ["months", "still_employed"]
    created_by_service = True  # scheduled by employment_record_create, answered through follow_up_record
    service_owned_fields = ("record", *FOLLOW_UP_SERVICE_FIELDS)


BOOTH_SERVICE_FIELDS = ("fair", "organization", "number", "status", "rejection_reason", "reviewed_by", "reviewed_at")


class BoothInline(ServiceOwnedFieldsMixin, admin.TabularInline):
    model = Booth
    extra = 0
    fields = ["organization", "number", "status", "note"]
    show_change_link = True
    created_by_service = True  # employers apply for booths (booth_apply); staff review them (Booth admin actions)
    service_owned_fields = BOOTH_SERVICE_FIELDS


class PresentationSlotInline(ServiceOwnedFieldsMixin, admin.TabularInline):
    """The live room's schedule, read here; staff add and remove slots on the schedule page, whose service keeps
    slots from overlapping and audits each change."""

    model = PresentationSlot
    extra = 0
    fields = ["booth", "starts_at", "ends_at", "topic"]
    created_by_service = True
    service_owned_fields = ("booth", "starts_at", "ends_at", "topic")

    def has_delete_permission(self, request, obj=None):
        return False


class JobFairAdminForm(forms.ModelForm):
    """The admin holds a fair to the rules of the staff pages and the API (dates, venue or link, capacity and
    booths not below what is already taken). The admin adds the model and the fields."""

    def _get_validation_exclusions(self):
        # The model's check constraints on the dates (end after start, registration closes after it opens) are
        # skipped here: the fair's rules below hold the same and more, each with a translated message on its
        # field, where a constraint's own message names the database constraint and no field.
        return super()._get_validation_exclusions() | {"ends_at", "registration_closes_at"}

    def _post_clean(self):
        super()._post_clean()
        for field, message in fair_rule_errors(self.instance, existing=bool(self.instance.pk)).items():
            if field not in self.errors:
                self.add_error(field if field in self.fields else None, message)


@admin.register(JobFair)
class JobFairAdmin(ServiceOwnedFieldsAdmin):
    form = JobFairAdminForm
    list_display = ["title", "kind", "region", "starts_at", "capacity", "booth_count", "is_published"]
    list_filter = ["kind", "is_published"]
    search_fields = ["title", "organizer", "venue"]
    raw_id_fields = ["region", "organizer_org"]
    date_hierarchy = "starts_at"
    inlines = [BoothInline, PresentationSlotInline]
    # Who presents in the live room is switched through fair_presenter_set (the room's and the schedule page's
    # form), which checks and audits it.
    service_owned_fields = ("created_by", "presenting_booth", "presenting_since")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Booth)
class BoothAdmin(ServiceOwnedFieldsAdmin):
    list_display = ["fair", "number", "organization", "status"]
    list_filter = ["status", "fair"]
    search_fields = ["organization__name", "fair__title"]
    list_select_related = ["fair", "organization"]
    filter_horizontal = ["positions"]
    created_by_service = True
    service_owned_fields = BOOTH_SERVICE_FIELDS
    actions = [
        service_action(
            booth_approve,
            name="approve_selected",
            description=_("Approve selected booths (assign numbers)"),
            done=_("%(count)s booths approved."),
            target="booth",
            with_request=True,
            order_by=("created_at",),
        ),
        service_action(
            booth_reject,
            name="reject_selected",
            description=_("Reject selected booths"),
            done=_("%(count)s booths rejected."),
            target="booth",
            reason="reason",
            with_request=True,
        ),
    ]


@admin.register(FairRegistration)
class FairRegistrationAdmin(PersonSearchMixin, ServiceOwnedFieldsAdmin):
    person_search_paths = ("user",)
    """Veterans register (fair_register takes a seat under a lock) and check in (fair_check_in); staff watch here."""

    list_display = ["fair", "seat", "user", "created_at", "checked_in_at"]
    list_filter = ["fair"]
    search_fields = ["user__username"]
    created_by_service = True
    service_owned_fields = ("fair", "user", "seat", "checked_in_at", "checked_in_by", "check_in_override_reason")


@admin.register(IntentRecord)
class IntentRecordAdmin(ServiceOwnedFieldsAdmin):
    list_display = ["booth", "position", "registration", "created_at"]
    list_filter = ["booth__fair"]
    created_by_service = True  # intent_record (at the booth, from the registration's scan)
    service_owned_fields = ("booth", "registration", "position", "application", "recorded_by")


# Registered by importing: interviews, slots, queue numbers and message threads; the search thesaurus.
from jobs import admin_hiring, admin_synonyms  # noqa: E402, F401


@admin.register(PositionSpotCheck)
class PositionSpotCheckAdmin(ServiceOwnedFieldsAdmin):
    list_display = ["position", "status", "created_at", "checked_by", "checked_at"]
    list_filter = ["status"]
    search_fields = ["position__title", "position__organization__name"]
    list_select_related = ["position", "checked_by"]
    created_by_service = True  # drawn by spot_check_draw when a trusted employer's position is published
    service_owned_fields = ("position", "status", "reason", "checked_by", "checked_at")
    actions = [
        service_action(
            spot_check_pass,
            name="pass_selected",
            description=_("Pass selected spot checks"),
            done=_("%(count)s spot checks passed."),
            target="check",
            with_request=True,
        ),
        service_action(
            spot_check_take_down,
            name="take_down_selected",
            description=_("Take down the selected positions"),
            done=_("%(count)s positions taken down."),
            target="check",
            reason="reason",
            with_request=True,
        ),
    ]
