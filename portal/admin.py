"""Admin of the shell: every model with useful columns, filters and search; ID numbers masked unless permitted.

Access rights (groups, permissions, the staff and superuser flags) change only through portal.services.access:
only a superuser changes them, never their own, and sensitive ones are written to the audit log."""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from portal.admin_actions import ServiceOwnedFieldsAdmin, ServiceOwnedFieldsMixin, service_action
from portal.admin_search import PersonSearchMixin
from portal.forms import PhoneFormMixin
from portal.models import (
    AuditLog,
    FamilyMemberProfile,
    MilitarySpecialty,
    Notification,
    NotificationPreference,
    OccupationCategory,
    OrganizationInvitation,
    Region,
    User,
    VeteranProfile,
)
from portal.services.access import group_permissions_set, user_access_set
from portal.services.family import family_profile_verify
from portal.services.profiles import id_number_reveal, veteran_profile_verify

USER_ACCESS_FIELDS = ("is_staff", "is_superuser", "groups", "user_permissions")
ACCESS_REFUSED = _(
    "Groups, permissions and staff status were not changed: only a superuser can change them, and never their own."
)


def _may_change_access(request, user) -> bool:
    return request.user.is_superuser and (user is None or user.pk != request.user.pk)


# The phone is an encrypted property, not a column: these forms carry it (validated by the model's full_clean).
class UserAdminForm(PhoneFormMixin, UserChangeForm):
    pass


class ProfileAdminForm(PhoneFormMixin, forms.ModelForm):
    pass  # the admin adds the model and fields


@admin.register(User)
class UserAdmin(PersonSearchMixin, ServiceOwnedFieldsMixin, BaseUserAdmin):
    person_search_paths = ("",)
    form = UserAdminForm
    list_display = ["username", "email", "phone", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_active", "groups"]
    search_fields = ["username", "email", "phone_last4"]  # the phone itself is encrypted
    fieldsets = BaseUserAdmin.fieldsets + ((_("Portal"), {"fields": ["phone", "language", "anonymized_at"]}),)
    service_owned_fields = ("anonymized_at", "last_login", "date_joined")

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return fields if _may_change_access(request, obj) else (*fields, *USER_ACCESS_FIELDS)

    def has_change_permission(self, request, obj=None):
        # Only superusers touch other staff accounts (password, e-mail): taking one over would be taking its rights.
        other_staff = obj is not None and (obj.is_staff or obj.is_superuser) and obj.pk != request.user.pk
        if other_staff and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and (obj.is_staff or obj.is_superuser) and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.is_superuser:
            # Bulk deletion checks no row: it would let staff delete the staff and superuser accounts refused above.
            actions.pop("delete_selected", None)
        return actions

    def save_model(self, request, obj, form, change):
        if set(USER_ACCESS_FIELDS) & set(request.POST) and not _may_change_access(request, obj if change else None):
            self.message_user(request, ACCESS_REFUSED, messages.ERROR)
        # The form's access fields are applied by the access service in save_related, never by the form itself.
        form._access_wanted = {
            name: form.cleaned_data.pop(name) for name in USER_ACCESS_FIELDS if name in form.cleaned_data
        }
        if change:
            obj.is_staff, obj.is_superuser = User.objects.values_list("is_staff", "is_superuser").get(pk=obj.pk)
        else:
            obj.is_staff = obj.is_superuser = False
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        wanted = getattr(form, "_access_wanted", {})
        if not wanted:
            return
        try:
            user_access_set(
                actor=request.user,
                user=form.instance,
                groups=wanted.get("groups"),
                permissions=wanted.get("user_permissions"),
                is_staff=wanted.get("is_staff"),
                is_superuser=wanted.get("is_superuser"),
                request=request,
            )
        except (PermissionDenied, PermissionError):
            self.message_user(request, ACCESS_REFUSED, messages.ERROR)


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(BaseGroupAdmin):
    """Only superusers change what a group allows; the change goes through the access service (audited)."""

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        return fields if request.user.is_superuser else (*fields, "permissions")

    def save_model(self, request, obj, form, change):
        if "permissions" in request.POST and not request.user.is_superuser:
            self.message_user(request, ACCESS_REFUSED, messages.ERROR)
        form._permissions_wanted = form.cleaned_data.pop("permissions", None)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        wanted = getattr(form, "_permissions_wanted", None)
        if wanted is None:
            return
        try:
            group_permissions_set(actor=request.user, group=form.instance, permissions=wanted, request=request)
        except (PermissionDenied, PermissionError):
            self.message_user(request, ACCESS_REFUSED, messages.ERROR)


@admin.register(Region)
class RegionAdmin(ServiceOwnedFieldsAdmin):
    service_owned_fields = ()  # reference data, kept by staff here
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]


@admin.register(OccupationCategory)
class OccupationCategoryAdmin(ServiceOwnedFieldsAdmin):
    service_owned_fields = ()  # reference data
    list_display = ["code", "name", "name_en", "parent"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["code", "name", "name_en"]


@admin.register(MilitarySpecialty)
class MilitarySpecialtyAdmin(ServiceOwnedFieldsAdmin):
    service_owned_fields = ()  # reference data
    list_display = ["code", "name", "name_en"]
    search_fields = ["code", "name", "name_en"]


@admin.register(OrganizationInvitation)
class OrganizationInvitationAdmin(ServiceOwnedFieldsAdmin):
    created_by_service = True  # invitation_send makes the token and sends the e-mail
    service_owned_fields = ("organization", "email", "token", "invited_by", "accepted_by", "accepted_at")
    list_display = ["email", "organization", "invited_by", "accepted_at", "created_at"]
    search_fields = ["email", "organization__name"]
    raw_id_fields = ["organization", "invited_by", "accepted_by"]


@admin.register(VeteranProfile)
class VeteranProfileAdmin(PersonSearchMixin, ServiceOwnedFieldsAdmin):
    person_search_paths = ("user",)
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
    # Names are stored in clear (ID numbers and phones are not); PersonSearchMixin adds name parts, ID and phone.
    search_fields = ["user__username", "phone_last4", "id_number_last4", "=real_name"]
    raw_id_fields = ["region"]
    filter_horizontal = ["military_specialties", "desired_categories"]
    # The résumé is the veteran's own document (no /media/ URL serves it): staff see that one exists, not a link.
    exclude = ["real_name", "desired_regions", "resume"]
    readonly_fields = ["masked_name", "masked_id_number", "reveal_link", "resume_on_file"]
    # veteran_profile_save creates the profile (ID number encrypted, birth date and gender derived from it).
    created_by_service = True
    service_owned_fields = ("user", "birth_date", "gender", "status", "status_note", "verified_at", "verified_by")
    actions = [
        service_action(
            veteran_profile_verify,
            name="verify_selected",
            description=_("Verify selected registrations"),
            done=_("%(count)s registrations verified."),
            target="profile",
            actor="staff_user",
        ),
        service_action(
            veteran_profile_verify,
            name="reject_selected",
            description=_("Return selected registrations for correction"),
            done=_("%(count)s registrations returned for correction."),
            target="profile",
            actor="staff_user",
            extra={"approve": False},
            reason="note",
        ),
    ]

    @admin.display(description=_("résumé"), boolean=True)
    def resume_on_file(self, obj):
        return bool(obj.resume)

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


@admin.register(FamilyMemberProfile)
class FamilyMemberProfileAdmin(PersonSearchMixin, ServiceOwnedFieldsAdmin):
    person_search_paths = ("user",)
    form = ProfileAdminForm
    list_display = ["__str__", "relation", "veteran", "verified", "created_at"]
    list_filter = ["relation", "verified"]
    search_fields = ["user__username", "id_number_last4", "=real_name"]
    raw_id_fields = ["region"]
    exclude = ["real_name", "proof"]  # a private file: seen on the staff review page, never through a /media/ link
    readonly_fields = ["proof_on_file"]
    created_by_service = True  # family_profile_save (ID number encrypted, role granted)
    # The link to the veteran is what staff confirm: changing it here would keep a confirmation given to another.
    service_owned_fields = ("user", "veteran", "relation", "verified", "review_note", "reviewed_at", "reviewed_by")
    actions = [
        service_action(
            family_profile_verify,
            name="verify_selected",
            description=_("Confirm the family link of selected members"),
            done=_("%(count)s family links confirmed."),
            target="profile",
            actor="staff_user",
        ),
        service_action(
            family_profile_verify,
            name="unverify_selected",
            description=_("Withdraw the confirmation of selected family links"),
            done=_("%(count)s confirmations withdrawn."),
            target="profile",
            actor="staff_user",
            extra={"approve": False},
            reason="note",
        ),
    ]

    @admin.display(description=_("proof of the relation"))
    def proof_on_file(self, obj):
        if obj is None or not obj.proof:
            return "—"
        url = reverse("portal:staff_family_review", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Review a family link"))


@admin.register(Notification)
class NotificationAdmin(ServiceOwnedFieldsAdmin):
    created_by_service = True  # notify() (one per recipient and event, e-mail scheduled)
    service_owned_fields = (
        "recipient",
        "event_key",
        "kind",
        "title",
        "body",
        "url",
        "read_at",
        "email_status",
        "email_not_before",
        "email_sent_at",
        "email_attempts",
    )
    list_display = ["title", "recipient", "kind", "email_status", "created_at", "read_at"]
    list_filter = ["kind", "email_status"]
    search_fields = ["title", "recipient__username", "event_key"]
    raw_id_fields = ["recipient"]
    date_hierarchy = "created_at"


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(ServiceOwnedFieldsAdmin):
    """The user's own choices (preference page, one-click unsubscribe): staff read them, never set them."""

    created_by_service = True  # preference_for
    service_owned_fields = (
        "user",
        "email_enabled",
        "email_mode",
        "job_push",
        "weekly_picks",
        "fair_reminders",
        "quiet_start",
        "quiet_end",
        "unsubscribed_at",
    )
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


# Admins of other concepts, in their own modules: organizations, consents, text messages and invitations.
from portal import admin_consents, admin_organizations, admin_sms, admin_threads  # noqa: E402, F401
