"""Organizations: staff verification, membership by invitation or assignment."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.exceptions import AccessDenied
from portal.models import AuditLog, Organization, OrganizationInvitation, OrganizationMembership, Role
from portal.permissions import is_organization_admin
from portal.roles import grant_role
from portal.services.audit import audit_record
from portal.services.notifications import notify

ROLE_FOR_TYPE = {
    Organization.Type.EMPLOYER: Role.EMPLOYER,
    Organization.Type.INSTITUTION: Role.INSTITUTION,
    Organization.Type.INCUBATOR: Role.INCUBATOR,
    Organization.Type.MERCHANT: Role.MERCHANT,
    Organization.Type.BANK: Role.BANK,
    Organization.Type.BUREAU: Role.STAFF,
}


@transaction.atomic
def organization_verify(*, organization: Organization, staff_user, approve: bool = True, reason: str = ""):
    if not approve and not reason:
        raise ValidationError(_("Give a reason for rejecting the organization."))
    organization.status = Organization.Status.VERIFIED if approve else Organization.Status.REJECTED
    organization.rejection_reason = "" if approve else reason
    organization.verified_at = timezone.now() if approve else None
    organization.verified_by = staff_user if approve else None
    organization.save(update_fields=["status", "rejection_reason", "verified_at", "verified_by"])
    audit_record(
        actor=staff_user, action=AuditLog.Action.VERIFY if approve else AuditLog.Action.REJECT, target=organization
    )
    for membership in organization.memberships.select_related("user"):
        notify(
            recipient=membership.user,
            event_key=f"org-verify:{organization.pk}:{organization.status}",
            kind="organization",
            title=_("%(org)s has been verified") % {"org": organization.name}
            if approve
            else _("%(org)s was not verified") % {"org": organization.name},
            body=reason,
        )
    return organization


@transaction.atomic
def organization_register(*, organization: Organization, founder) -> Organization:
    """A new organization, pending until staff verify it, with the person registering it as its administrator."""
    organization.status = Organization.Status.PENDING
    organization.full_clean()
    organization.save()
    membership_add(organization=organization, user=founder, role=OrganizationMembership.Role.ADMIN)
    return organization


@transaction.atomic
def membership_add(*, organization: Organization, user, role=OrganizationMembership.Role.MEMBER):
    membership, _created = OrganizationMembership.objects.get_or_create(
        organization=organization, user=user, defaults={"role": role}
    )
    grant_role(user, ROLE_FOR_TYPE[organization.org_type])
    return membership


@transaction.atomic
def invitation_accept(*, token: str, user) -> OrganizationMembership:
    invitation = OrganizationInvitation.objects.select_for_update().filter(token=token).first()
    if invitation is None or invitation.accepted_at:
        raise ValidationError(_("This invitation is not valid or has already been used."))
    if invitation.email.lower() != (user.email or "").lower():
        raise ValidationError(_("This invitation was sent to a different e-mail address."))
    invitation.accepted_by = user
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_by", "accepted_at"])
    return membership_add(organization=invitation.organization, user=user)


def invitation_send(*, organization: Organization, email: str, invited_by) -> OrganizationInvitation:
    """An organization administrator invites someone by e-mail; they join by opening the link while logged in."""
    if not (is_organization_admin(invited_by, organization) or invited_by.is_bureau_staff):
        raise AccessDenied(_("Only the organization's administrators can invite members."))
    invitation = OrganizationInvitation.objects.create(organization=organization, email=email, invited_by=invited_by)
    link = settings.SITE_URL + reverse("portal:invitation", args=[invitation.token])
    subject = _("Invitation to join %(org)s") % {"org": organization.name}
    transaction.on_commit(lambda: send_mail(str(subject), link, None, [email]))
    return invitation
