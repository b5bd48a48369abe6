"""Admin of the benefits app: applications, cards (with uses inline), renewals, merchants, offers, uses."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from benefits.models import Card, CardApplication, CardRenewal, CardUse, Industry, Merchant, Offer, OfferLocation
from benefits.services import cards as card_services
from benefits.services import renewals as renewal_services


@admin.register(Industry)
class IndustryAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "code", "sort_order"]


def _run(modeladmin, request, queryset, fn, done_message):
    done = 0
    for obj in queryset:
        try:
            fn(obj)
            done += 1
        except ValidationError as exc:
            modeladmin.message_user(request, f"{obj}: {' '.join(exc.messages)}", messages.WARNING)
    modeladmin.message_user(request, done_message % {"n": done})


@admin.register(CardApplication)
class CardApplicationAdmin(admin.ModelAdmin):
    list_display = ["pk", "applicant", "holder_kind", "station", "status", "submitted_by_staff", "created_at"]
    list_filter = ["status", "holder_kind", "created_at"]
    search_fields = ["applicant__username"]
    raw_id_fields = ["applicant", "station", "submitted_by_staff", "reviewed_by"]
    readonly_fields = ["reviewed_by", "reviewed_at", "created_at"]
    actions = ["approve"]

    @admin.action(description=_("Approve and issue cards"))
    def approve(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            lambda a: card_services.card_application_approve(application=a, staff=request.user),
            _("%(n)d cards issued."),
        )


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
class CardAdmin(admin.ModelAdmin):
    list_display = ["number", "masked_name", "holder_kind", "station", "status", "valid_from", "valid_until"]
    list_filter = ["status", "holder_kind", "valid_until", "station__parent"]
    search_fields = ["number"]
    raw_id_fields = ["holder", "application", "station", "previous", "issued_by"]
    exclude = ["holder_name"]
    readonly_fields = ["masked_name", "token_id", "issued_at"]
    inlines = [CardUseInline]
    actions = ["suspend", "reinstate", "expire_now"]

    @admin.display(description=pgettext_lazy("benefit card", "holder"))
    def masked_name(self, obj):
        return obj.masked_name

    @admin.action(description=_("Suspend selected cards"))
    def suspend(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            lambda c: card_services.card_suspend(card=c, staff=request.user, reason=str(_("Suspended by staff"))),
            _("%(n)d cards suspended."),
        )

    @admin.action(description=_("Reinstate selected cards"))
    def reinstate(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            lambda c: card_services.card_reinstate(card=c, staff=request.user),
            _("%(n)d cards reinstated."),
        )

    @admin.action(description=_("Expire cards past their validity"))
    def expire_now(self, request, queryset):
        self.message_user(request, _("%(n)d cards expired.") % {"n": card_services.cards_expire()})


@admin.register(CardRenewal)
class CardRenewalAdmin(admin.ModelAdmin):
    """Renewals are made by the services (card page, staff pages, this action); the rows are the history."""

    list_display = ["card", "status", "requested_by", "created_at", "decided_by", "old_valid_until", "new_valid_until"]
    list_filter = ["status", "created_at"]
    search_fields = ["card__number"]
    readonly_fields = [
        "card",
        "status",
        "status_reason",
        "requested_by",
        "decided_by",
        "decided_at",
        "old_valid_until",
        "new_valid_until",
        "created_at",
    ]
    actions = ["approve"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Approve selected renewal requests"))
    def approve(self, request, queryset):
        _run(
            self,
            request,
            queryset,
            lambda r: renewal_services.card_renewal_approve(renewal=r, staff=request.user),
            _("%(n)d cards renewed."),
        )


@admin.register(Merchant)
class MerchantAdmin(admin.ModelAdmin):
    list_display = ["organization", "industry", "active", "joined_at"]
    list_filter = ["industry", "active", "organization__status"]
    search_fields = ["organization__name"]
    raw_id_fields = ["organization"]
    actions = ["deactivate"]

    @admin.action(description=_("Remove from the alliance"))
    def deactivate(self, request, queryset):
        self.message_user(request, _("%(n)d merchants removed.") % {"n": queryset.update(active=False)})


class OfferLocationInline(admin.TabularInline):
    model = OfferLocation
    extra = 0
    raw_id_fields = ["region"]


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ["title", "merchant", "industry", "valid_from", "valid_until", "active"]
    list_filter = ["industry", "active", "veterans_only"]
    search_fields = ["title", "merchant__organization__name"]
    raw_id_fields = ["merchant"]
    inlines = [OfferLocationInline]
    actions = ["withdraw"]

    @admin.action(description=_("Withdraw selected offers"))
    def withdraw(self, request, queryset):
        self.message_user(request, _("%(n)d offers withdrawn.") % {"n": queryset.update(active=False)})


@admin.register(CardUse)
class CardUseAdmin(admin.ModelAdmin):
    list_display = ["used_at", "card", "merchant", "offer", "member"]
    list_filter = ["merchant__industry", "used_at"]
    raw_id_fields = ["card", "merchant", "offer", "member"]
    date_hierarchy = "used_at"
