"""Admin of the benefits app: applications, cards (with uses inline), renewals, merchants, offers, uses.

Every decision is an action calling the same service as the staff pages (audited, the holder or merchant told)."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from benefits.models import Card, CardApplication, CardRenewal, CardUse, Industry, Merchant, Offer, OfferLocation
from benefits.services import cards as card_services
from benefits.services import merchants as merchant_services
from benefits.services import renewals as renewal_services
from benefits.services.verification import photo_link
from portal.admin_actions import ServiceOwnedFieldsAdmin, service_action
from portal.admin_search import PersonSearchMixin


@admin.register(Industry)
class IndustryAdmin(ServiceOwnedFieldsAdmin):
    service_owned_fields = ()  # reference data
    list_display = ["name", "name_en", "code", "sort_order"]


@admin.register(CardApplication)
class CardApplicationAdmin(PersonSearchMixin, ServiceOwnedFieldsAdmin):
    person_search_paths = ("applicant",)
    list_display = ["pk", "applicant", "holder_kind", "station", "status", "submitted_by_staff", "created_at"]
    list_filter = ["status", "holder_kind", "created_at"]
    search_fields = ["applicant__username"]
    raw_id_fields = ["station"]
    # The photo is personal: shown through the permission-checked staff view, never as a /media/ URL (none exists).
    exclude = ["photo"]
    readonly_fields = ["created_at", "photo_view"]
    created_by_service = True  # card_application_submit (photo checked, eligibility, 代办 recorded)
    service_owned_fields = (
        "applicant",
        "holder_kind",
        "status",
        "status_reason",
        "submitted_by_staff",
        "reviewed_by",
        "reviewed_at",
    )
    actions = [
        service_action(
            card_services.card_application_approve,
            name="approve",
            description=_("Approve and issue cards"),
            done=_("%(count)s cards issued."),
            target="application",
        ),
        service_action(
            card_services.card_application_reject,
            name="reject",
            description=_("Reject selected applications"),
            done=_("%(count)s applications rejected."),
            target="application",
            reason="reason",
        ),
        service_action(
            card_services.card_application_request_correction,
            name="request_correction",
            description=_("Ask the applicants to correct their applications"),
            done=_("%(count)s applications returned for correction."),
            target="application",
            reason="reason",
        ),
    ]

    @admin.display(description=_("photo"))
    def photo_view(self, obj):
        if not obj.photo:
            return "-"
        return format_html('<a href="{}">{}</a>', reverse("benefits:application_photo", args=[obj.pk]), _("View"))


class CardUseInline(admin.TabularInline):
    model = CardUse
    extra = 0
    fields = ["used_at", "merchant", "offer", "member"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Card)
class CardAdmin(PersonSearchMixin, ServiceOwnedFieldsAdmin):
    person_search_paths = ("holder",)
    list_display = ["number", "masked_name", "holder_kind", "station", "status", "valid_from", "valid_until"]
    list_filter = ["status", "holder_kind", "valid_until", "station__parent"]
    search_fields = ["number"]
    raw_id_fields = ["station"]
    exclude = ["holder_name", "photo"]  # the photo is shown through its signed, permission-checked link
    readonly_fields = ["masked_name", "photo_view"]
    inlines = [CardUseInline]
    created_by_service = True  # issued by card_application_approve or card_renew (numbered, token made)
    service_owned_fields = (
        "number",
        "holder",
        "holder_kind",
        "application",
        "status",
        "status_reason",
        "valid_from",
        "valid_until",
        "token_id",
        "previous",
        "issued_by",
        "issued_at",
        "expiry_notified_at",
    )
    actions = [
        service_action(
            card_services.card_suspend,
            name="suspend",
            description=_("Suspend selected cards"),
            done=_("%(count)s cards suspended."),
            target="card",
            reason="reason",
        ),
        service_action(
            card_services.card_reinstate,
            name="reinstate",
            description=_("Reinstate selected cards"),
            done=_("%(count)s cards reinstated."),
            target="card",
        ),
        service_action(
            card_services.card_revoke,
            name="revoke",
            description=_("Revoke selected cards"),
            done=_("%(count)s cards revoked."),
            target="card",
            reason="reason",
        ),
        service_action(
            renewal_services.card_renew,
            name="renew",
            description=_("Renew selected cards"),
            done=_("%(count)s cards renewed."),
            target="card",
        ),
        "expire_now",
    ]

    @admin.display(description=pgettext_lazy("benefit card", "holder"))
    def masked_name(self, obj):
        return obj.masked_name

    @admin.display(description=_("photo"))
    def photo_view(self, obj):
        if not obj.photo:
            return "-"
        return format_html('<a href="{}">{}</a>', photo_link(obj), _("View"))

    @admin.action(description=_("Expire cards past their validity"), permissions=["change"])
    def expire_now(self, request, queryset):
        # One call for all cards past their validity (the nightly task's service), whatever rows were ticked.
        count = card_services.cards_expire()
        self.message_user(request, _("%(count)s cards expired.") % {"count": count}, messages.SUCCESS)

    expire_now.service = card_services.cards_expire


@admin.register(CardRenewal)
class CardRenewalAdmin(PersonSearchMixin, ServiceOwnedFieldsAdmin):
    person_search_paths = ("card__holder",)
    """Renewals are made by the services (card page, staff pages, this action); the rows are the history."""

    list_display = ["card", "status", "requested_by", "created_at", "decided_by", "old_valid_until", "new_valid_until"]
    list_filter = ["status", "created_at"]
    search_fields = ["card__number"]
    readonly_fields = ["created_at"]
    created_by_service = True
    service_owned_fields = (
        "card",
        "status",
        "status_reason",
        "requested_by",
        "decided_by",
        "decided_at",
        "old_valid_until",
        "new_valid_until",
    )
    actions = [
        service_action(
            renewal_services.card_renewal_approve,
            name="approve",
            description=_("Approve selected renewal requests"),
            done=_("%(count)s cards renewed."),
            target="renewal",
        ),
        service_action(
            renewal_services.card_renewal_reject,
            name="reject",
            description=_("Reject selected renewal requests"),
            done=_("%(count)s renewal requests rejected."),
            target="renewal",
            reason="reason",
        ),
    ]


@admin.register(Merchant)
class MerchantAdmin(ServiceOwnedFieldsAdmin):
    list_display = ["organization", "industry", "active", "joined_at"]
    list_filter = ["industry", "active", "organization__status"]
    search_fields = ["organization__name"]
    created_by_service = True  # merchant_join (a verified merchant organization)
    service_owned_fields = ("organization", "active", "joined_at")
    actions = [
        service_action(
            merchant_services.merchant_withdraw,
            name="deactivate",
            description=_("Remove from the alliance"),
            done=_("%(count)s merchants removed."),
            target="merchant",
            reason="reason",
            with_request=True,
        )
    ]


class OfferLocationInline(admin.TabularInline):
    model = OfferLocation
    extra = 0
    raw_id_fields = ["region"]


@admin.register(Offer)
class OfferAdmin(ServiceOwnedFieldsAdmin):
    list_display = ["title", "merchant", "industry", "valid_from", "valid_until", "active"]
    list_filter = ["industry", "active", "veterans_only"]
    search_fields = ["title", "merchant__organization__name"]
    inlines = [OfferLocationInline]
    created_by_service = True  # offer_save (the merchant's page: dates, locations, search index)
    service_owned_fields = ("merchant", "active")
    actions = [
        service_action(
            merchant_services.offer_withdraw,
            name="withdraw",
            description=_("Withdraw selected offers"),
            done=_("%(count)s offers withdrawn."),
            target="offer",
            reason="reason",
            with_request=True,
        )
    ]


@admin.register(CardUse)
class CardUseAdmin(PersonSearchMixin, ServiceOwnedFieldsAdmin):
    person_search_paths = ("card__holder",)
    list_display = ["used_at", "card", "merchant", "offer", "member"]
    search_fields = ["card__number", "merchant__organization__name"]
    list_filter = ["merchant__industry", "used_at"]
    date_hierarchy = "used_at"
    created_by_service = True  # card_use_record, at the merchant's counter
    service_owned_fields = ("card", "merchant", "offer", "member", "used_at", "minute_bucket")
