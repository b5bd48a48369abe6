"""Admin of the shell: every model with useful columns, filters and search; ID numbers masked unless permitted."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from portal.forms import PhoneFormMixin
from portal.models import (
    AuditLog,
    FamilyMemberProfile,
    MilitarySpecialty,
    Notification,
    NotificationPreference,
    OccupationCategory,
    Organization,
    OrganizationInvitation,
    OrganizationMembership,
    Region,
    User,
    VeteranProfile,
)
from portal.services.organizations import organization_verify
from portal.services.profiles import id_number_reveal, veteran_profile_verify


# The phone is an encrypted property, not a column: these forms carry it (validated by the model's full_clean).
class UserAdminForm(PhoneFormMixin, UserChangeForm):
    pass


class ProfileAdminForm(PhoneFormMixin, forms.ModelForm):
    pass  # the admin adds the model and fields


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserAdminForm
    list_display = ["username", "email", "phone", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_active", "groups"]
    search_fields = ["username", "email", "phone_last4"]  # the phone itself is encrypted
    fieldsets = BaseUserAdmin.fieldsets + ((_("Portal"), {"fields": ["phone", "language", "anonymized_at"]}),)
    readonly_fields = ["anonymized_at"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]


@admin.register(OccupationCategory)
class OccupationCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "parent"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["code", "name", "name_en"]


@admin.register(MilitarySpecialty)
class MilitarySpecialtyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en"]
    search_fields = ["code", "name", "name_en"]


class MembershipInline(admin.TabularInline):
    model = OrganizationMembership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "org_type", "uscc", "region", "status", "auto_publish", "created_at"]
    list_filter = ["org_type", "status", "auto_publish"]
    search_fields = ["name", "uscc", "contact_name"]
    raw_id_fields = ["region"]
    readonly_fields = ["verified_at", "verified_by"]
    inlines = [MembershipInline]
    actions = ["verify_selected"]

    @admin.action(description=_("Verify selected organizations"))
    def verify_selected(self, request, queryset):
        for organization in queryset:
            organization_verify(organization=organization, staff_user=request.user)
        self.message_user(request, _("%(n)d organizations verified.") % {"n": queryset.count()})


@admin.register(OrganizationInvitation)
class OrganizationInvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organization", "invited_by", "accepted_at", "created_at"]
    search_fields = ["email", "organization__name"]
    raw_id_fields = ["organization", "invited_by", "accepted_by"]


@admin.register(VeteranProfile)
class VeteranProfileAdmin(admin.ModelAdmin):
    form = ProfileAdminForm
    list_display = [
        "masked_name",
        "masked_id_number",
        "region",
        "service_branch",
        "employment_status",
        "status",
        "created_at",
    ]
    list_filter = ["status", "service_branch", "employment_status", "education"]
    search_fields = ["user__username", "phone_last4", "id_number_last4"]  # phone and ID are encrypted
    raw_id_fields = ["user", "region", "verified_by"]
    filter_horizontal = ["military_specialties", "desired_categories"]
    exclude = ["real_name", "desired_regions"]
    readonly_fields = [
        "masked_name",
        "masked_id_number",
        "reveal_link",
        "birth_date",
        "gender",
        "verified_at",
        "verified_by",
    ]
    actions = ["verify_selected"]

    @admin.display(description=_("name"))
    def masked_name(self, obj):
        return obj.masked_name

    @admin.display(description=_("ID number"))
    def masked_id_number(self, obj):
        return obj.masked_id_number

    @admin.display(description=_("full ID number"))
    def reveal_link(self, obj):
        if not obj.pk:
            return "-"
        url = reverse("admin:portal_veteranprofile_reveal", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Show (written to the audit log)"))

    def get_urls(self):
        return [
            path("<int:pk>/reveal/", self.admin_site.admin_view(self.reveal_view), name="portal_veteranprofile_reveal"),
        ] + super().get_urls()

    def reveal_view(self, request, pk):
        profile = self.get_object(request, pk)
        if profile is None or not request.user.has_perm("portal.view_full_id_number"):
            self.message_user(request, _("You do not have permission to see full ID numbers."), messages.ERROR)
            return TemplateResponse(
                request, "admin/portal/reveal.html", {"profile": profile, "denied": True}, status=403
            )
        if request.method != "POST":  # showing is a recorded act: ask first, reveal on POST
            return TemplateResponse(request, "admin/portal/reveal.html", {"profile": profile, "opts": self.model._meta})
        number = id_number_reveal(profile=profile, staff_user=request.user, request=request)
        return TemplateResponse(
            request, "admin/portal/reveal.html", {"profile": profile, "number": number, "opts": self.model._meta}
        )

    @admin.action(description=_("Verify selected registrations"))
    def verify_selected(self, request, queryset):
        done = 0
        for profile in queryset:
            try:
                veteran_profile_verify(profile=profile, staff_user=request.user)
                done += 1
            except ValidationError as exc:
                self.message_user(request, f"{profile}: {exc.messages[0]}", messages.WARNING)
        self.message_user(request, _("%(n)d registrations verified.") % {"n": done})


@admin.register(FamilyMemberProfile)
class FamilyMemberProfileAdmin(admin.ModelAdmin):
    form = ProfileAdminForm
    list_display = ["__str__", "relation", "veteran", "verified", "created_at"]
    list_filter = ["relation", "verified"]
    search_fields = ["user__username", "id_number_last4"]
    raw_id_fields = ["user", "veteran", "region"]
    exclude = ["real_name"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "recipient", "kind", "email_status", "created_at", "read_at"]
    list_filter = ["kind", "email_status"]
    search_fields = ["title", "recipient__username", "event_key"]
    raw_id_fields = ["recipient"]
    date_hierarchy = "created_at"


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "email_enabled", "email_mode", "job_push", "weekly_picks", "fair_reminders"]
    list_filter = ["email_enabled", "email_mode"]
    search_fields = ["user__username"]
    raw_id_fields = ["user"]


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    """Read-only: entries cannot be edited or deleted from the site."""

    list_display = ["created_at", "actor", "action", "target_type", "target_repr", "on_behalf_of", "ip_address"]
    list_filter = ["action", "target_type"]
    search_fields = ["actor__username", "target_repr", "target_id"]
    date_hierarchy = "created_at"

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("portal.browse_auditlog") or request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
