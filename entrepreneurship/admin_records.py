"""Admin of the records added with the workbench (rooms, desks, loan schedules, documents, settlements): staff read
them here; every change goes through its service (settlements are approved with an admin action)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from entrepreneurship.models import (
    Desk,
    DeskAllocation,
    LoanDocument,
    RepaymentInstalment,
    Room,
    SubsidySettlement,
)
from entrepreneurship.services import settlements
from portal.admin_actions import ServiceOwnedFieldsAdmin, service_action


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Room)
class RoomAdmin(ReadOnlyAdmin):
    """Operators lay out rooms on their base pages (workstations.room_save keeps desks and counts in step)."""

    list_display = ["name", "base", "rows", "columns"]
    list_filter = ["base"]


@admin.register(Desk)
class DeskAdmin(ReadOnlyAdmin):
    list_display = ["label", "room", "row", "column", "is_active"]
    list_filter = ["is_active", "room__base"]


@admin.register(DeskAllocation)
class DeskAllocationAdmin(ReadOnlyAdmin):
    list_display = ["desk", "residency", "allocated_at", "released_at"]
    list_filter = ["desk__room__base"]


@admin.register(LoanDocument)
class LoanDocumentAdmin(ReadOnlyAdmin):
    """The file itself opens only on the loan pages (permission-checked, audited), never from here."""

    list_display = ["application", "kind", "size", "uploaded_at"]
    list_filter = ["kind"]
    exclude = ["file"]


@admin.register(RepaymentInstalment)
class RepaymentInstalmentAdmin(ReadOnlyAdmin):
    list_display = ["application", "number", "due_date", "principal", "interest", "payment", "balance"]


@admin.register(SubsidySettlement)
class SubsidySettlementAdmin(ServiceOwnedFieldsAdmin):
    """Computed by the schedule (settlements.schedule_build); staff approve them with the action below."""

    list_display = ["application", "quarter", "interest", "subsidy", "status", "approved_by", "approved_at"]
    list_filter = ["status", "quarter", "application__product__bank"]
    created_by_service = True
    service_owned_fields = (
        "application",
        "quarter",
        "period_start",
        "period_end",
        "interest",
        "subsidy",
        "status",
        "approved_by",
        "approved_at",
    )
    actions = [
        service_action(
            settlements.settlement_approve,
            name="approve_selected",
            description=_("Approve selected interest-subsidy settlements"),
            done=_("%(count)s settlements approved."),
            target="settlement",
            actor="user",
        )
    ]

    def has_delete_permission(self, request, obj=None):
        return False
