"""The admin of organizations: verification and trust are actions calling portal.services.organizations (audited);
the licence, the checklist, the status and the trust are service-owned and read-only here."""

from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.admin_actions import ServiceOwnedFieldsAdmin, service_action
from portal.models import Organization, OrganizationMembership
from portal.models.organizations import VERIFICATION_CHECKS
from portal.services.organizations import membership_add, organization_trust_set, organization_verify


class MembershipInline(admin.TabularInline):
    model = OrganizationMembership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(ServiceOwnedFieldsAdmin):
    list_display = ["name", "org_type", "uscc", "region", "status", "auto_publish", "created_at"]
    list_filter = ["org_type", "status", "auto_publish"]
    search_fields = ["name", "uscc", "contact_name"]
    raw_id_fields = ["region"]
    service_owned_fields = (
        "status",
        "rejection_reason",
        "verified_at",
        "verified_by",
        "verification_checklist",
        "auto_publish",
        "spot_check_percent",
        "business_licence",
        "licence_valid_until",
    )
    inlines = [MembershipInline]
    actions = [
        service_action(
            organization_verify,
            name="verify_selected",
            description=_("Verify selected organizations (I checked every point of the checklist on the licence)"),
            done=_("%(count)s organizations verified."),
            target="organization",
            actor="staff_user",
            extra={"checklist": dict.fromkeys(VERIFICATION_CHECKS, True)},
            with_request=True,
        ),
        service_action(
            organization_verify,
            name="reject_selected",
            description=_("Reject selected organizations"),
            done=_("%(count)s organizations rejected."),
            target="organization",
            actor="staff_user",
            extra={"approve": False},
            reason="reason",
            with_request=True,
        ),
        service_action(
            organization_trust_set,
            name="trust_selected",
            description=_("Let selected employers publish positions without review (spot-checked)"),
            done=_("%(count)s employers now publish without review."),
            target="organization",
            actor="staff_user",
            extra={"auto_publish": True},
            with_request=True,
        ),
        service_action(
            organization_trust_set,
            name="untrust_selected",
            description=_("Review the positions of selected employers again"),
            done=_("%(count)s employers' positions are reviewed again."),
            target="organization",
            actor="staff_user",
            extra={"auto_publish": False},
            with_request=True,
        ),
    ]

    def save_formset(self, request, form, formset, change):
        if formset.model is not OrganizationMembership:
            return super().save_formset(request, form, formset, change)
        # A membership carries the organization's role (a bank member reviews loans): added through the service,
        # which grants the role, and never by staff to themselves.
        saved = formset.save(commit=False)
        changed = {obj.pk: fields for obj, fields in formset.changed_objects}
        for membership in saved:
            if membership.user_id == request.user.pk:
                self.message_user(
                    request,
                    gettext("Nobody can add themselves to an organization or change their own role."),
                    messages.ERROR,
                )
            elif "user" in changed.get(membership.pk, ()):
                self.message_user(
                    request, gettext("A membership's person cannot be changed; add a new row."), messages.ERROR
                )
            elif membership.pk:
                membership.save(update_fields=["role"])
            else:
                membership_add(organization=form.instance, user=membership.user, role=membership.role)
        for membership in formset.deleted_objects:
            membership.delete()
        return None
