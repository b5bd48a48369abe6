"""Admin: staff edit the crosswalk (per specialty, both mappings inline), curate weekly picks, watch push runs."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from jobs.matching.models import CrosswalkSpecialty, PushRun, SpecialtyOccupation, SpecialtySkill, WeeklyPick
from jobs.matching.services.picks import weekly_pick_remove
from portal.admin_actions import ServiceOwnedFieldsAdmin, service_action


class SpecialtyOccupationInline(admin.TabularInline):
    model = SpecialtyOccupation
    extra = 1
    autocomplete_fields = ["category"]


class SpecialtySkillInline(admin.TabularInline):
    model = SpecialtySkill
    extra = 1


@admin.register(CrosswalkSpecialty)
class CrosswalkSpecialtyAdmin(ServiceOwnedFieldsAdmin):
    service_owned_fields = ()  # the crosswalk is edited here; the specialty's own fields are reference data
    list_display = ["code", "name", "name_en", "occupations"]
    search_fields = ["code", "name", "name_en", "crosswalk_skills__tag"]
    inlines = [SpecialtyOccupationInline, SpecialtySkillInline]
    readonly_fields = ["code", "name", "name_en"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("crosswalk_occupations__category")

    @admin.display(description=_("civilian occupations"))
    def occupations(self, obj):
        return "、".join(f"{c.category.label}({c.weight})" for c in obj.crosswalk_occupations.all())

    def has_add_permission(self, request):
        return False  # specialties are reference data; the crosswalk maps the existing ones

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SpecialtyOccupation)
class SpecialtyOccupationAdmin(ServiceOwnedFieldsAdmin):
    service_owned_fields = ()  # the crosswalk is staff's to edit
    list_display = ["specialty", "category", "weight"]
    list_filter = ["category__parent"]
    search_fields = ["specialty__name", "specialty__code", "category__name"]
    list_editable = ["weight"]
    autocomplete_fields = ["category"]


@admin.register(WeeklyPick)
class WeeklyPickAdmin(ServiceOwnedFieldsAdmin):
    list_display = ["week_start", "position", "note", "sort_order", "added_by"]
    list_filter = ["week_start"]
    search_fields = ["position__title", "position__organization__name", "note"]
    date_hierarchy = "week_start"
    # Picked from the workbench page or the positions' admin action (weekly_pick_add); removed by the action below.
    created_by_service = True
    service_owned_fields = ("week_start", "position", "added_by")
    actions = [
        service_action(
            weekly_pick_remove,
            name="remove_selected",
            description=_("Remove selected picks"),
            done=_("%(count)s picks removed."),
            target="pick",
            actor="staff_user",
        )
    ]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PushRun)
class PushRunAdmin(ServiceOwnedFieldsAdmin):
    list_display = ["event_key", "kind", "status", "recipients", "attempts", "started_at", "finished_at"]
    list_filter = ["kind", "status"]
    search_fields = ["event_key"]
    created_by_service = True  # run_push: the exactly-once push keeps its cursor here
    service_owned_fields = tuple(f.name for f in PushRun._meta.fields)
