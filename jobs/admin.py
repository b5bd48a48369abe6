"""Admin of the jobs app: review positions in bulk, run fairs (booths inline), follow applications (events inline)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

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
)
from jobs.services.fairs import booth_approve, booth_reject, fair_rule_errors
from jobs.services.positions import position_approve, position_reject


def _run_each(modeladmin, request, queryset, fn, done_message):
    done = 0
    for obj in queryset:
        try:
            fn(obj)
            done += 1
        except ValidationError as exc:
            modeladmin.message_user(request, f"{obj}: {' '.join(exc.messages)}", messages.WARNING)
    if done:
        modeladmin.message_user(request, done_message % {"count": done}, messages.SUCCESS)


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["title", "organization", "region", "category", "salary_min", "salary_max", "status", "published_at"]
    list_filter = ["status", "veteran_priority", "targeted", "education", "category__parent"]
    search_fields = ["title", "organization__name", "description"]
    list_select_related = ["organization", "region", "category"]
    autocomplete_fields = ["organization"]
    raw_id_fields = ["region", "category", "created_by", "reviewed_by"]
    filter_horizontal = ["military_specialties"]
    readonly_fields = ["published_at", "reviewed_at", "closed_at", "created_at", "updated_at"]
    date_hierarchy = "created_at"
    actions = ["approve_selected", "reject_selected"]

    @admin.action(description=_("Approve and publish selected positions"))
    def approve_selected(self, request, queryset):
        _run_each(
            self,
            request,
            queryset,
            lambda p: position_approve(position=p, staff=request.user, request=request),
            _("%(count)s positions published."),
        )

    @admin.action(description=_("Reject selected positions (incomplete information)"))
    def reject_selected(self, request, queryset):
        reason = _("The information is incomplete or does not meet the posting rules; please correct and resubmit.")
        _run_each(
            self,
            request,
            queryset,
            lambda p: position_reject(position=p, staff=request.user, reason=str(reason), request=request),
            _("%(count)s positions rejected."),
        )

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
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["id", "position", "veteran", "status", "source", "fair", "created_at"]
    list_filter = ["status", "source", "fair"]
    search_fields = ["position__title", "position__organization__name", "veteran__username"]
    list_select_related = ["position", "veteran", "fair"]
    raw_id_fields = ["position", "veteran", "fair"]
    readonly_fields = ["status", "profile_snapshot", "created_at", "status_changed_at"]
    inlines = [ApplicationEventInline]


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    extra = 0
    readonly_fields = ["months", "due_on", "reminded_at"]


@admin.register(EmploymentRecord)
class EmploymentRecordAdmin(admin.ModelAdmin):
    list_display = ["veteran", "organization", "position", "started_on", "status"]
    list_filter = ["status"]
    search_fields = ["veteran__username", "organization__name", "position__title"]
    raw_id_fields = ["application", "veteran", "organization", "position"]
    inlines = [FollowUpInline]


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ["record", "months", "due_on", "done_at", "still_employed"]
    list_filter = ["months", "still_employed"]
    raw_id_fields = ["record", "recorded_by"]


class BoothInline(admin.TabularInline):
    model = Booth
    extra = 0
    fields = ["organization", "number", "status", "note"]
    readonly_fields = ["number", "status"]
    autocomplete_fields = ["organization"]


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
class JobFairAdmin(admin.ModelAdmin):
    form = JobFairAdminForm
    list_display = ["title", "kind", "region", "starts_at", "capacity", "booth_count", "is_published"]
    list_filter = ["kind", "is_published"]
    search_fields = ["title", "organizer", "venue"]
    raw_id_fields = ["region", "organizer_org", "created_by"]
    date_hierarchy = "starts_at"
    inlines = [BoothInline]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Booth)
class BoothAdmin(admin.ModelAdmin):
    list_display = ["fair", "number", "organization", "status"]
    list_filter = ["status", "fair"]
    search_fields = ["organization__name", "fair__title"]
    list_select_related = ["fair", "organization"]
    raw_id_fields = ["fair", "organization", "reviewed_by"]
    filter_horizontal = ["positions"]
    readonly_fields = ["number", "status", "reviewed_at"]
    actions = ["approve_selected", "reject_selected"]

    @admin.action(description=_("Approve selected booths (assign numbers)"))
    def approve_selected(self, request, queryset):
        _run_each(
            self,
            request,
            queryset.order_by("created_at"),
            lambda b: booth_approve(booth=b, staff=request.user, request=request),
            _("%(count)s booths approved."),
        )

    @admin.action(description=_("Reject selected booths"))
    def reject_selected(self, request, queryset):
        _run_each(
            self,
            request,
            queryset,
            lambda b: booth_reject(
                booth=b, staff=request.user, reason=str(_("Rejected by the organizers.")), request=request
            ),
            _("%(count)s booths rejected."),
        )


@admin.register(FairRegistration)
class FairRegistrationAdmin(admin.ModelAdmin):
    list_display = ["fair", "seat", "user", "created_at", "checked_in_at"]
    list_filter = ["fair"]
    search_fields = ["user__username"]
    raw_id_fields = ["fair", "user", "checked_in_by"]
    readonly_fields = ["seat", "checked_in_at"]


@admin.register(IntentRecord)
class IntentRecordAdmin(admin.ModelAdmin):
    list_display = ["booth", "position", "registration", "created_at"]
    list_filter = ["booth__fair"]
    raw_id_fields = ["booth", "registration", "position", "application", "recorded_by"]
