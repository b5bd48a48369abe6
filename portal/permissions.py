"""Access predicates shared by views, the API and the admin."""

from portal.models import Organization, OrganizationMembership, Role


def is_bureau_staff(user) -> bool:
    return bool(user.is_authenticated and user.is_bureau_staff)


def can_see_full_id_number(user) -> bool:
    return bool(user.is_authenticated and user.has_perm("portal.view_full_id_number"))


def can_verify_veterans(user) -> bool:
    """Verifying a 退役报到 registration (the workbench queue and the admin action alike)."""
    return bool(is_bureau_staff(user) and user.has_perm("portal.change_veteranprofile"))


def can_merge_people(user) -> bool:
    """Merging two accounts of one person (the duplicate-applicant page): staff who may change accounts."""
    return bool(is_bureau_staff(user) and user.has_perm("portal.change_user"))


def member_organizations(user, org_type: str | None = None, verified_only: bool = True):
    """The organizations the user belongs to (verified ones only, by default)."""
    qs = Organization.objects.for_user(user)
    if org_type:
        qs = qs.filter(org_type=org_type)
    if verified_only:
        qs = qs.verified()
    return qs


def is_veteran(user) -> bool:
    return bool(user.is_authenticated and hasattr(user, "veteran_profile"))


def is_family_member(user) -> bool:
    """Has a family-member profile (随军家属/优抚对象), verified or not: the services say what waits for staff."""
    return bool(user.is_authenticated and hasattr(user, "family_profile"))


def is_job_seeker(user) -> bool:
    """A veteran or a family member: the people the portal's job, search and alert pages serve as seekers."""
    return is_veteran(user) or is_family_member(user)


def has_role(user, role: Role) -> bool:
    return bool(user.is_authenticated and user.has_role(role))


def is_organization_admin(user, organization) -> bool:
    """An administrator of this organization (invites members, manages its integration keys)."""
    return bool(
        user.is_authenticated
        and organization.memberships.filter(user=user, role=OrganizationMembership.Role.ADMIN).exists()
    )
