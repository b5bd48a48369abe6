"""Admin of the SMS record and of account invitations: read-only (services write them); an invitation can be sent
again, through the same service as the staff page."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.admin_actions import ServiceOwnedFieldsAdmin, service_action
from portal.models import AccountInvitation, SmsMessage
from portal.services.claims import account_invitation_resend


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SmsMessage)
class SmsMessageAdmin(ReadOnlyAdmin):
    """Every text message sent or refused. The number shows masked and the parameters (codes) not at all."""

    list_display = ["created_at", "purpose", "masked_phone", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status", "purpose", "backend"]
    search_fields = ["phone_last4", "idempotency_key", "provider_message_id"]
    date_hierarchy = "created_at"
    fields = [
        "idempotency_key",
        "purpose",
        "masked_phone",
        "user",
        "notification",
        "template_code",
        "status",
        "not_before",
        "attempts",
        "last_error",
        "backend",
        "provider_message_id",
        "provider_request_id",
        "created_at",
        "sent_at",
    ]
    readonly_fields = fields

    @admin.display(description=_("mobile number"))
    def masked_phone(self, obj):
        return obj.masked_phone


@admin.register(AccountInvitation)
class AccountInvitationAdmin(ServiceOwnedFieldsAdmin):
    """Written by portal.services.claims only; the one thing staff do here is send an invitation again."""

    created_by_service = True
    list_display = ["user", "status_label", "sent_by_email", "sent_by_sms", "created_at", "expires_at", "claimed_at"]
    list_filter = ["sent_by_email", "sent_by_sms", "claimed_at"]
    search_fields = ["user__username", "user__veteran_profile__phone_last4"]
    fields = [
        "user",
        "status_label",
        "sent_by_email",
        "sent_by_sms",
        "created_by",
        "created_at",
        "expires_at",
        "failed_attempts",
        "claimed_at",
        "revoked_at",
    ]
    service_owned_fields = tuple(fields)
    actions = [
        service_action(
            account_invitation_resend,
            name="resend_selected",
            description=_("Send the selected invitations again"),
            done=_("%(count)s invitations sent again."),
            target="invitation",
            actor="staff_user",
        )
    ]

    @admin.display(description=_("status"))
    def status_label(self, obj):
        return obj.get_status_display()

    def has_delete_permission(self, request, obj=None):
        return False
