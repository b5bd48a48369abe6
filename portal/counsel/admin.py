"""Admin of counselling and legal aid: the providers, and the requests' non-content fields only (kind, status,
dates, who is assigned). The description, preferred times, appointment and outcome notes are never shown here:
only the request's three parties read them, on the request's page, each read audited. Outcome notes and slots are
not registered.

Staff transitions are actions calling portal.counsel.services, as on the queue page: assigning a provider (the
staff member who assigns becomes the request's staff contact) and retiring a provider. Booking, outcomes, closing
and rating belong to the requester and the provider, on their pages."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.admin_actions import (
    ServiceOwnedFieldsAdmin,
    ask_on_intermediate_page,
    run_service_action,
    service_action,
)
from portal.counsel.models import CounselRequest, Provider
from portal.counsel.services import provider_retire, request_assign

REQUEST_ADMIN_FIELDS = ("kind", "status", "provider", "assigned_staff", "created_at", "closed_at")


class AssignProviderForm(forms.Form):
    provider = forms.ModelChoiceField(
        label=_("Counsellor or lawyer"),
        queryset=Provider.objects.filter(active=True).select_related("user").order_by("kind", "user__username"),
        help_text=_("A counselling request goes to a counsellor, legal aid to a lawyer."),
    )


@admin.action(description=_("Assign a counsellor or lawyer to the selected requests"), permissions=["change"])
def assign_selected(modeladmin, request, queryset):
    form = AssignProviderForm(request.POST if "apply" in request.POST else None)
    if not form.is_valid():
        title = _("Assign a counsellor or lawyer")
        return ask_on_intermediate_page(modeladmin, request, queryset, "assign_selected", title, form)
    provider = form.cleaned_data["provider"]

    def call(counsel_request):
        request_assign(request=counsel_request, staff_user=request.user, provider=provider)

    run_service_action(modeladmin, request, queryset, call, _("%(count)s requests assigned; you are their contact."))
    return None


assign_selected.service = request_assign


@admin.register(Provider)
class ProviderAdmin(ServiceOwnedFieldsAdmin):
    list_display = ["user", "kind", "organization", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    created_by_service = True
    service_owned_fields = ("user", "kind", "organization", "active", "marked_by")
    actions = [
        service_action(
            provider_retire,
            name="retire_selected",
            description=_("Stop assigning requests to the selected providers"),
            done=_("%(count)s providers will no longer be assigned requests."),
            target="provider",
            actor="staff_user",
            reason="reason",
        )
    ]


@admin.register(CounselRequest)
class CounselRequestAdmin(ServiceOwnedFieldsAdmin):
    list_display = ["__str__", *REQUEST_ADMIN_FIELDS]
    list_filter = ["kind", "status"]
    fields = REQUEST_ADMIN_FIELDS
    created_by_service = True
    service_owned_fields = REQUEST_ADMIN_FIELDS
    actions = [assign_selected]

    def get_queryset(self, request):
        return super().get_queryset(request).only("pk", *REQUEST_ADMIN_FIELDS)

    def has_delete_permission(self, request, obj=None):
        return False
