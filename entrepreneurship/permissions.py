"""Who may do what in the entrepreneurship app. Views, the API and the admin all ask these."""

from portal.models import Organization, Role
from portal.permissions import is_bureau_staff, is_veteran, member_organizations


def can_register_enterprise(user) -> bool:
    return is_veteran(user)


def can_operate_base(user, base) -> bool:
    return (
        is_bureau_staff(user)
        or member_organizations(user, Organization.Type.INCUBATOR).filter(pk=base.operator_id).exists()
    )


def can_review_loans_of(user, bank) -> bool:
    return member_organizations(user, Organization.Type.BANK).filter(pk=bank.pk).exists()


def is_approved_mentor(user) -> bool:
    profile = getattr(user, "mentor_profile", None) if user.is_authenticated else None
    return bool(profile and profile.is_approved() and user.has_role(Role.MENTOR))


def is_judge_of(user, competition) -> bool:
    return user.is_authenticated and competition.judges.filter(judge=user).exists()


def is_bank_member(user) -> bool:
    return member_organizations(user, Organization.Type.BANK).exists()


def is_incubator_member(user) -> bool:
    return member_organizations(user, Organization.Type.INCUBATOR).exists()


def can_read_loan_document(user, document) -> bool:
    """The applicant, a member of the bank the application went to, and staff holding the explicit permission."""
    if not user.is_authenticated:
        return False
    application = document.application
    if application.applicant_id == user.pk:
        return True
    if can_review_loans_of(user, application.product.bank):
        return True
    return is_bureau_staff(user) and user.has_perm("entrepreneurship.read_loan_document")


def can_manage_bases(user) -> bool:
    """A member of a verified incubator operator (or staff) may create bases and edit their rooms and desks."""
    return is_bureau_staff(user) or member_organizations(user, Organization.Type.INCUBATOR).exists()


def viewable_entries(user):
    """Competition entries a user may open as the entrant: the ones they submitted or their projects'."""
    from django.db.models import Q

    from entrepreneurship.models import CompetitionEntry

    if not user.is_authenticated:
        return CompetitionEntry.objects.none()
    return CompetitionEntry.objects.filter(Q(submitted_by=user) | Q(enterprise__founder=user)).distinct()
