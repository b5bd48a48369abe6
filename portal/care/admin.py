"""Admin of care visits: read and search; every change is an action calling portal.care.services (the pages
record visits and close tasks the same way)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.admin_actions import ServiceOwnedFieldsAdmin, service_action
from portal.admin_search import PersonSearchMixin
from portal.care.models import CareSubject, CareTask, CareVisit
from portal.care.services import care_subject_end, care_task_close


@admin.register(CareSubject)
class CareSubjectAdmin(PersonSearchMixin, ServiceOwnedFieldsAdmin):
    person_search_paths = ("veteran__user",)
    list_display = ["veteran", "interval_days", "active", "marked_at"]
    list_filter = ["active", "interval_days"]
    search_fields = ["note"]
    created_by_service = True
    service_owned_fields = ("veteran", "reasons", "interval_days", "active", "note", "marked_by")
    actions = [
        service_action(
            care_subject_end,
            name="end_selected",
            description=_("End the visits of the selected veterans"),
            done=_("%(count)s veterans will no longer be visited."),
            target="subject",
            actor="staff_user",
            reason="reason",
        )
    ]


@admin.register(CareVisit)
class CareVisitAdmin(PersonSearchMixin, ServiceOwnedFieldsAdmin):
    person_search_paths = ("subject__veteran__user",)
    list_display = ["subject", "due_on", "status", "visited_on", "condition"]
    list_filter = ["status", "condition", "due_on"]
    search_fields = ["visitors"]
    created_by_service = True
    service_owned_fields = tuple(f.name for f in CareVisit._meta.fields if f.name != "id")


@admin.register(CareTask)
class CareTaskAdmin(PersonSearchMixin, ServiceOwnedFieldsAdmin):
    person_search_paths = ("visit__subject__veteran__user",)
    list_display = ["description", "need", "assigned_to", "due_on", "status"]
    list_filter = ["status", "need"]
    search_fields = ["description", "assigned_to__username"]
    created_by_service = True
    service_owned_fields = tuple(f.name for f in CareTask._meta.fields if f.name != "id")
    actions = [
        service_action(
            care_task_close,
            name="close_selected",
            description=_("Close the selected tasks"),
            done=_("%(count)s tasks closed."),
            target="task",
            actor="staff_user",
            reason="outcome",
        )
    ]
