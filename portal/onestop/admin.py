"""Admin of the one-stop application: read and search only. Bundles are filed through portal.onestop.services (the
veteran's page or the counter's 代办 page); each part is processed through its own app's admin and pages."""

from django.contrib import admin

from portal.admin_actions import ServiceOwnedFieldsAdmin
from portal.admin_search import PersonSearchMixin
from portal.onestop.models import BundlePart, OneStopBundle


class BundlePartInline(admin.TabularInline):
    model = BundlePart
    extra = 0
    can_delete = False
    fields = ["kind", "state", "error", "note", "content_type", "object_id"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(OneStopBundle)
class OneStopBundleAdmin(PersonSearchMixin, ServiceOwnedFieldsAdmin):
    person_search_paths = ("veteran",)
    list_display = ["pk", "veteran", "acting_staff", "created_at"]
    list_filter = ["created_at"]
    search_fields = ["parts__note"]
    created_by_service = True
    service_owned_fields = ("veteran", "created_by", "acting_staff", "available_from")
    inlines = [BundlePartInline]
