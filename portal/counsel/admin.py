"""Admin of counselling and legal aid: the providers, and the requests' non-content fields only (kind, status,
dates, who is assigned). The description, preferred times, appointment and outcome notes are never shown here:
only the request's three parties read them, on the request's page, each read audited. Outcome notes and slots are
not registered."""

from django.contrib import admin

from portal.admin_actions import ServiceOwnedFieldsAdmin
from portal.counsel.models import CounselRequest, Provider

REQUEST_ADMIN_FIELDS = ("kind", "status", "provider", "assigned_staff", "created_at", "closed_at")


@admin.register(Provider)
class ProviderAdmin(ServiceOwnedFieldsAdmin):
    list_display = ["user", "kind", "organization", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["user__username"]
    created_by_service = True
    service_owned_fields = ("user", "kind", "organization", "active", "marked_by")


@admin.register(CounselRequest)
class CounselRequestAdmin(ServiceOwnedFieldsAdmin):
    list_display = ["__str__", *REQUEST_ADMIN_FIELDS]
    list_filter = ["kind", "status"]
    fields = REQUEST_ADMIN_FIELDS
    created_by_service = True
    service_owned_fields = REQUEST_ADMIN_FIELDS

    def get_queryset(self, request):
        return super().get_queryset(request).only("pk", *REQUEST_ADMIN_FIELDS)

    def has_delete_permission(self, request, obj=None):
        return False
