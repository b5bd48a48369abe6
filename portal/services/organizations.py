"""Organizations: registration with the business licence, staff verification against a checklist, trust to
publish without review, membership by invitation or assignment. Every verification step is audited."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.exceptions import AccessDenied
from portal.messages import Message
from portal.models import AuditLog, Organization, OrganizationInvitation, OrganizationMembership, Role
from portal.models.organizations import VERIFICATION_CHECKS
from portal.permissions import is_bureau_staff, is_organization_admin
from portal.roles import grant_role
from portal.services.audit import audit_record
from portal.services.notifications import notify
from portal.uploads import licence_prepare

ROLE_FOR_TYPE = {
    Organization.Type.EMPLOYER: Role.EMPLOYER,
    Organization.Type.INSTITUTION: Role.INSTITUTION,
    Organization.Type.INCUBATOR: Role.INCUBATOR,
    Organization.Type.MERCHANT: Role.MERCHANT,
    Organization.Type.BANK: Role.BANK,
    Organization.Type.BUREAU: Role.STAFF,
}


def _checklist(checklist) -> dict:
    """{check: bool} for every VERIFICATION_CHECKS key (missing ones unticked); unknown keys are dropped."""
    checklist = checklist or {}
    return {key: bool(checklist.get(key)) for key in VERIFICATION_CHECKS}


@transaction.atomic
def organization_verify(
    *, organization: Organization, staff_user, approve: bool = True, reason: str = "", checklist=None, request=None
):
    """Staff decide a registration against its business licence: verify once every check of VERIFICATION_CHECKS
    holds, or refuse with a reason (which checks failed is kept too). Each decision is audited with its checklist."""
    if not is_bureau_staff(staff_user):
        raise AccessDenied(_("Only bureau staff can verify organizations."))
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    ticked = _checklist(checklist)
    reason = (reason or "").strip()
    if approve:
        if not organization.business_licence:
            raise ValidationError(_("No business licence has been uploaded; it cannot be checked."))
        missing = [str(VERIFICATION_CHECKS[key]) for key, ok in ticked.items() if not ok]
        if missing:
            raise ValidationError(
                {"checklist": _("Confirm every check before verifying: %(checks)s.") % {"checks": "；".join(missing)}}
            )
    elif not reason:
        raise ValidationError({"reason": _("Give a reason for rejecting the organization.")})
    organization.status = Organization.Status.VERIFIED if approve else Organization.Status.REJECTED
    organization.rejection_reason = "" if approve else reason[:300]
    organization.verified_at = timezone.now() if approve else None
    organization.verified_by = staff_user if approve else None
    organization.verification_checklist = ticked
    if not approve:
        organization.auto_publish = False  # trust goes with the verification
    organization.save(
        update_fields=[
            "status",
            "rejection_reason",
            "verified_at",
            "verified_by",
            "verification_checklist",
            "auto_publish",
        ]
    )
    audit_record(
        actor=staff_user,
        action=AuditLog.Action.VERIFY if approve else AuditLog.Action.REJECT,
        target=organization,
        detail={"event": "organization_verify", "checklist": ticked, "reason": reason},
        request=request,
    )
    for membership in organization.memberships.select_related("user"):
        notify(
            recipient=membership.user,
            event_key=f"org-verify:{organization.pk}:{organization.status}:{timezone.now():%Y%m%d%H%M%S%f}",
            kind="organization",
            title=Message(_("%(org)s has been verified"), org=organization.name)
            if approve
            else Message(_("%(org)s was not verified"), org=organization.name),
            body=reason,
        )
    return organization


@transaction.atomic
def organization_trust_set(
    *, organization: Organization, staff_user, auto_publish: bool, spot_check_percent: int | None = None, request=None
) -> Organization:
    """Staff let a verified employer publish positions without review (or take that back), with the share of them
    to spot-check (None: the site's default). Audited."""
    if not is_bureau_staff(staff_user):
        raise AccessDenied(_("Only bureau staff can verify organizations."))
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if auto_publish and not organization.can_publish_without_review():
        raise ValidationError(_("Only a verified employer can publish positions without review."))
    if spot_check_percent is not None and not 0 <= spot_check_percent <= 100:
        raise ValidationError({"spot_check_percent": _("The spot-checked share is a percentage from 0 to 100.")})
    before = {"auto_publish": organization.auto_publish, "spot_check_percent": organization.spot_check_percent}
    organization.auto_publish = auto_publish
    organization.spot_check_percent = spot_check_percent
    organization.save(update_fields=["auto_publish", "spot_check_percent"])
    audit_record(
        actor=staff_user,
        action=AuditLog.Action.ACCESS,
        target=organization,
        detail={
            "event": "organization_trust_set",
            "before": before,
            "after": {"auto_publish": auto_publish, "spot_check_percent": spot_check_percent},
        },
        request=request,
    )
    return organization


@transaction.atomic
def organization_licence_replace(*, organization: Organization, user, licence, valid_until=None) -> Organization:
    """An organization's administrator uploads a new licence (after a refusal, or a renewed one): the
    organization awaits verification again. Audited."""
    if not is_organization_admin(user, organization):
        raise AccessDenied(_("Only the organization's administrators can do this."), hide=True)
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    organization.business_licence = licence_prepare(licence)
    organization.licence_valid_until = valid_until
    organization.status = Organization.Status.PENDING
    organization.verified_at = None
    organization.verified_by = None
    organization.auto_publish = False
    organization.save()
    audit_record(actor=user, action=AuditLog.Action.OTHER, target=organization, detail={"event": "licence_replace"})
    return organization


@transaction.atomic
def organization_register(*, organization: Organization, founder) -> Organization:
    """A new organization with its business licence, pending until staff verify it, with the person registering it
    as its administrator. Audited."""
    if not organization.business_licence:
        raise ValidationError({"business_licence": _("Upload the business licence so staff can verify it.")})
    organization.business_licence = licence_prepare(organization.business_licence.file)
    organization.status = Organization.Status.PENDING
    organization.full_clean()
    organization.save()
    membership_add(organization=organization, user=founder, role=OrganizationMembership.Role.ADMIN)
    audit_record(actor=founder, action=AuditLog.Action.OTHER, target=organization, detail={"event": "register"})
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
