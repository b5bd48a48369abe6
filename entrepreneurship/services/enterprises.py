"""Veteran enterprises: register and update a project or company; turn a registered company into an employer."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from entrepreneurship.models import Enterprise
from portal.exceptions import AccessDenied
from portal.models import AuditLog, Organization, OrganizationMembership
from portal.permissions import is_veteran
from portal.services.audit import audit_record
from portal.services.organizations import membership_add
from portal.validators import normalize_uscc

FIELDS = [
    "name",
    "industry",
    "stage",
    "uscc",
    "region",
    "description",
    "team",
    "team_size",
    "jobs_created",
    "funding_needs",
]


def _clean_uscc(enterprise: Enterprise) -> None:
    if enterprise.is_registered():
        if not enterprise.uscc:
            raise ValidationError({"uscc": _("A registered company needs its unified social credit code.")})
        try:
            enterprise.uscc = normalize_uscc(enterprise.uscc)
        except ValidationError as exc:
            raise ValidationError({"uscc": exc.messages})
        clash = Enterprise.objects.filter(uscc=enterprise.uscc).exclude(pk=enterprise.pk).exists()
        if clash:
            raise ValidationError({"uscc": _("Another enterprise is already registered with this code.")})
    else:
        enterprise.uscc = None


@transaction.atomic
def enterprise_save(*, founder, data: dict, enterprise: Enterprise | None = None) -> Enterprise:
    """Create (enterprise=None) or update the founder's enterprise with `data` (keys from FIELDS)."""
    if enterprise is None:
        if not is_veteran(founder):
            raise ValidationError(_("Only veterans with a registered profile can register a veteran enterprise."))
        enterprise = Enterprise(founder=founder)
    elif enterprise.founder_id != founder.pk:
        raise AccessDenied(_("This enterprise is not yours."), hide=True)
    for field in FIELDS:
        if field in data:
            setattr(enterprise, field, data[field])
    if enterprise.organization_id and not enterprise.is_registered():
        raise ValidationError({"stage": _("A company that is already an employer cannot go back to the idea stage.")})
    _clean_uscc(enterprise)
    enterprise.full_clean(exclude=["founder", "uscc"])
    try:
        with transaction.atomic():
            enterprise.save()
    except IntegrityError:
        raise ValidationError({"uscc": _("Another enterprise is already registered with this code.")})
    return enterprise


@transaction.atomic
def enterprise_become_employer(*, enterprise: Enterprise, user) -> Organization:
    """Create a pending employer organization for a registered company, the founder as its administrator.

    Staff verify it like any employer; once verified it posts positions through the jobs app.
    """
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    if enterprise.founder_id != user.pk:
        raise AccessDenied(_("This enterprise is not yours."), hide=True)
    if enterprise.organization_id:
        raise ValidationError(_("This company is already an employer organization."))
    if not enterprise.can_become_employer():
        raise ValidationError(_("Only a registered company with a unified social credit code can become an employer."))
    if Organization.objects.filter(uscc=enterprise.uscc).exists():
        raise ValidationError(
            _(
                "An organization with this unified social credit code already exists; "
                "ask its administrator to invite you."
            )
        )
    organization = Organization.objects.create(
        name=enterprise.name,
        org_type=Organization.Type.EMPLOYER,
        status=Organization.Status.PENDING,
        uscc=enterprise.uscc,
        region=enterprise.region,
        industry=enterprise.industry,
        description=enterprise.description,
    )
    membership_add(organization=organization, user=user, role=OrganizationMembership.Role.ADMIN)
    enterprise.organization = organization
    enterprise.save(update_fields=["organization", "updated_at"])
    audit_record(actor=user, action=AuditLog.Action.OTHER, target=organization, detail={"enterprise": enterprise.pk})
    return organization
