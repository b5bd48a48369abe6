"""Admin of the hiring loop: interviews (events inline; cancel and "held" as actions calling the services), interview
slots and booth queue numbers (skip as an action); the message threads are portal.admin_threads'. Imported by
jobs.admin."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from jobs.models import Interview, InterviewEvent, InterviewSlot, QueueTicket
from jobs.services.booth_queue import queue_ticket_finish
from jobs.services.interviews import interview_cancel, interview_record_outcome
from portal.admin_actions import ServiceOwnedFieldsAdmin, service_action


class InterviewEventInline(admin.TabularInline):
    model = InterviewEvent
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "actor", "note", "slot_starts_at", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Interview)
class InterviewAdmin(ServiceOwnedFieldsAdmin):
    list_display = ["id", "application", "status", "booking_round", "created_at"]
    list_filter = ["status"]
    search_fields = ["application__position__title", "application__position__organization__name"]
    list_select_related = ["application__position"]
    created_by_service = True  # interview_propose (times checked, applicant invited)
    service_owned_fields = (
        "application",
        "status",
        "note",
        "offered_slots",
        "retime_note",
        "cancel_reason",
        "cancelled_by",
        "last_slot",
        "booking_round",
        "created_by",
    )
    inlines = [InterviewEventInline]
    actions = [
        service_action(
            interview_cancel,
            name="cancel_selected",
            description=_("Cancel selected interviews"),
            done=_("%(count)s interviews cancelled."),
            target="interview",
            actor="actor",
            reason="reason",
        ),
        service_action(
            interview_record_outcome,
            name="mark_held",
            description=_("Mark selected interviews as held (no decision)"),
            done=_("%(count)s interviews marked as held."),
            target="interview",
            actor="actor",
            extra={"outcome": ""},
        ),
    ]


@admin.register(InterviewSlot)
class InterviewSlotAdmin(ServiceOwnedFieldsAdmin):
    list_display = ["organization", "starts_at", "ends_at", "mode", "interviewer", "booking"]
    list_filter = ["mode"]
    search_fields = ["organization__name", "address"]
    list_select_related = ["organization", "interviewer"]
    created_by_service = True
    service_owned_fields = (
        "organization",
        "starts_at",
        "ends_at",
        "mode",
        "address",
        "video_link",
        "contact_name",
        "contact_phone",
        "bring",
        "interviewer",
        "booking",
        "created_by",
    )


@admin.register(QueueTicket)
class QueueTicketAdmin(ServiceOwnedFieldsAdmin):
    list_display = ["booth", "number", "status", "source", "created_at", "called_at"]
    list_filter = ["status", "booth__fair"]
    list_select_related = ["booth__fair", "booth__organization"]
    created_by_service = True  # queue_take_number (next number under the booth's lock)
    service_owned_fields = ("booth", "user", "number", "status", "source", "called_at", "called_by", "finished_at")
    actions = [
        service_action(
            queue_ticket_finish,
            name="skip_selected",
            description=_("Skip selected queue numbers"),
            done=_("%(count)s queue numbers skipped."),
            target="ticket",
            actor="actor",
            extra={"outcome": QueueTicket.Status.SKIPPED},
        ),
    ]
