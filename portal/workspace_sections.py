"""The shell's own workspace sections (portal.pillars.WorkspaceSection) and the selectors that count their items:
the person's registration and account, and the staff workbench's shell queues (registrations, family links,
organizations, imports, account claims)."""

from django.utils.translation import gettext_lazy as _

from portal.models import FamilyMemberProfile, ImportJob, Organization, Role, VeteranProfile
from portal.pillars import Link, Tally, WorkspaceSection, queue_count
from portal.staff import selectors as staff_selectors

# What a complete 退役报到 holds, each counted once in the completeness figure.
PROFILE_PARTS = (
    lambda p: p.real_name,
    lambda p: p.id_number_encrypted,
    lambda p: p.phone,
    lambda p: p.region_id,
    lambda p: p.service_branch,
    lambda p: p.enlistment_date and p.discharge_date,
    lambda p: p.rank,
    lambda p: p.military_specialties.exists(),
    lambda p: p.education,
    lambda p: p.skills,
    lambda p: p.desired_categories.exists(),
    lambda p: p.resume,
)


def profile_completeness(user) -> int:
    """Percentage of the registration's parts filled in (a family member's profile counts whole once saved)."""
    profile = VeteranProfile.objects.filter(user=user).first()
    if profile is None:
        return 100 if FamilyMemberProfile.objects.filter(user=user).exists() else 0
    return round(100 * sum(1 for part in PROFILE_PARTS if part(profile)) / len(PROFILE_PARTS))


def unread_notifications(user) -> int:
    return user.notifications.filter(read_at__isnull=True).count()


def registration_next_steps(user) -> list[Link]:
    """What the person should do next about their registration, if anything."""
    profile = VeteranProfile.objects.filter(user=user).first()
    family = FamilyMemberProfile.objects.filter(user=user).first()
    if profile is None and family is None:
        return [
            Link("portal.register", _("Complete your veteran registration"), "portal:profile_edit"),
            Link("portal.family", _("I am a military family member (随军家属/优抚对象)"), "portal:family_profile"),
        ]
    if profile is not None and profile.status in (VeteranProfile.Status.DRAFT, VeteranProfile.Status.REJECTED):
        return [Link("portal.register", _("Complete your veteran registration"), "portal:profile_edit")]
    if family is not None and profile is None and not family.verified and family.review_note:
        return [Link("portal.family", _("Correct your family member profile"), "portal:family_profile")]
    return []


def _is_staff(user) -> bool:
    return user.is_bureau_staff


SECTIONS = (
    WorkspaceSection(
        key="portal.registration",
        role=Role.VETERAN,
        title=_("My registration and messages"),
        tallies=(
            Tally(
                "portal.completeness",
                _("of my registration filled in"),
                profile_completeness,
                "portal:profile",
                percent=True,
            ),
            Tally("portal.unread", _("Unread notifications"), unread_notifications, "portal:notifications"),
        ),
        links=(
            Link("portal.profile", _("My profile"), "portal:profile", main=True),
            Link("portal.notifications", _("Notifications"), "portal:notifications"),
            Link("portal.notification_settings", _("Notification settings"), "portal:notification_settings"),
            Link("portal.guides", _("Service guides"), "portal:guides"),
        ),
        next_steps=registration_next_steps,
    ),
    WorkspaceSection(
        key="portal.staff_people",
        role=Role.STAFF,
        title=_("Veterans and organizations"),
        allowed=_is_staff,
        tallies=(
            Tally(
                "portal.verify",
                _("Registrations to verify"),
                queue_count(staff_selectors.veteran_profiles, state="submitted"),
                "portal:staff_veteran_queue",
            ),
            Tally(
                "portal.families",
                _("Family links to confirm"),
                queue_count(staff_selectors.family_profiles, state="pending"),
                "portal:staff_families",
            ),
            Tally(
                "portal.organizations",
                _("Organizations awaiting verification"),
                queue_count(Organization.objects.filter, status=Organization.Status.PENDING),
                "portal:staff_organizations",
            ),
            Tally(
                "portal.imports",
                _("Imports not finished"),
                queue_count(ImportJob.objects.filter, status__in=["preview", "queued", "running"]),
                "portal:staff_import",
            ),
        ),
        links=(
            Link("portal.dashboard", _("Dashboard"), "portal:staff_dashboard", main=True),
            Link("portal.veterans", _("Veterans"), "portal:staff_veterans"),
            Link("portal.act", _("Act for a veteran"), "portal:staff_act_search", main=True),
            Link("portal.claims", _("Account claims"), "portal:staff_claims"),
            Link(
                "portal.audit",
                _("Audit log"),
                "portal:staff_audit",
                allowed=lambda user: user.has_perm("portal.browse_auditlog"),
            ),
            Link("portal.admin", _("Administration"), "admin:index"),
        ),
    ),
)
