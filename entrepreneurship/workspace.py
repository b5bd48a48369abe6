"""The entrepreneurship app's workspace sections (portal.pillars.WorkspaceSection) and the selectors counting their
items: the founder's projects, bookings, loans and residencies; the mentor's slots and bookings; the bank's loan
queue; the incubator operator's bases and residencies; the staff queues."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entrepreneurship.models import (
    Enterprise,
    IncubatorBase,
    LoanApplication,
    MentorBooking,
    MentorProfile,
    MentorSlot,
    Residency,
    SubsidySettlement,
)
from entrepreneurship.permissions import is_approved_mentor, is_bank_member, is_incubator_member
from portal.models import Role
from portal.permissions import is_bureau_staff
from portal.pillars import Link, Tally, WorkspaceSection, queue_count

LOAN_IN_PROGRESS = (LoanApplication.Status.SUBMITTED, LoanApplication.Status.DOCUMENTS_REQUESTED)


def my_projects(user) -> int:
    return Enterprise.objects.filter(founder=user).count()


def my_upcoming_bookings(user) -> int:
    """Mentoring sessions booked and still to come, as the veteran or as the mentor."""
    return (
        MentorBooking.objects.filter(Q(veteran=user) | Q(slot__mentor__user=user))
        .filter(status=MentorBooking.Status.BOOKED, slot__start__gte=timezone.now())
        .count()
    )


def my_loans_in_progress(user) -> int:
    return LoanApplication.objects.filter(applicant=user, status__in=LOAN_IN_PROGRESS).count()


def my_residencies(user) -> int:
    return Residency.objects.filter(
        enterprise__founder=user, status__in=(Residency.Status.PENDING, Residency.Status.ACTIVE)
    ).count()


def open_slots(user) -> int:
    """The mentor's free slots still to come."""
    return MentorSlot.objects.filter(mentor__user=user, is_booked=False, start__gte=timezone.now()).count()


def bank_queue(user) -> int:
    return LoanApplication.objects.for_bank_member(user).filter(status__in=LOAN_IN_PROGRESS).count()


def operated_bases(user) -> int:
    return IncubatorBase.objects.operated_by(user).count()


def operated_residencies(status: str):
    def count(user) -> int:
        return Residency.objects.filter(
            base__in=IncubatorBase.objects.operated_by(user), base__operator__status="verified", status=status
        ).count()

    return count


SECTIONS = (
    WorkspaceSection(
        key="entrepreneurship.founder",
        role=Role.VETERAN,
        title=_("Starting a business"),
        tallies=(
            Tally("entrepreneurship.projects", _("My projects"), my_projects, "entrepreneurship:enterprise_list"),
            Tally(
                "entrepreneurship.bookings",
                _("Mentoring sessions to come"),
                my_upcoming_bookings,
                "entrepreneurship:booking_list",
            ),
            Tally(
                "entrepreneurship.loans",
                _("Loan applications in progress"),
                my_loans_in_progress,
                "entrepreneurship:my_loans",
            ),
            Tally(
                "entrepreneurship.residencies",
                _("Incubator residencies"),
                my_residencies,
                "entrepreneurship:residency_list",
            ),
        ),
        links=(
            Link("entrepreneurship.index", _("Entrepreneurship services"), "entrepreneurship:index"),
            Link("entrepreneurship.projects", _("My projects"), "entrepreneurship:enterprise_list"),
            Link("entrepreneurship.mentoring", _("Find a mentor"), "entrepreneurship:mentor_list"),
            Link("entrepreneurship.bookings", _("Mentor bookings"), "entrepreneurship:booking_list"),
            Link("entrepreneurship.loan_products", _("Startup loans"), "entrepreneurship:product_list"),
            Link("entrepreneurship.loans", _("My loans"), "entrepreneurship:my_loans"),
            Link("entrepreneurship.bases", _("Incubator bases"), "entrepreneurship:base_list"),
            Link("entrepreneurship.residencies", _("My residency applications"), "entrepreneurship:residency_list"),
            Link("entrepreneurship.competitions", _("Competitions"), "entrepreneurship:competition_list"),
            Link("entrepreneurship.become_mentor", _("Become a mentor"), "entrepreneurship:mentor_apply"),
        ),
    ),
    WorkspaceSection(
        key="entrepreneurship.mentor",
        role=Role.MENTOR,
        title=_("Mentoring"),
        allowed=is_approved_mentor,
        tallies=(
            Tally("entrepreneurship.open_slots", _("Free slots to come"), open_slots, "entrepreneurship:mentor_slots"),
            Tally(
                "entrepreneurship.mentor_bookings",
                _("Bookings to come"),
                my_upcoming_bookings,
                "entrepreneurship:booking_list",
            ),
        ),
        links=(
            Link("entrepreneurship.slots", _("My slots"), "entrepreneurship:mentor_slots", main=True),
            Link("entrepreneurship.mentor_booking_list", _("Bookings"), "entrepreneurship:booking_list", main=True),
            Link("entrepreneurship.mentor_competitions", _("Competitions"), "entrepreneurship:competition_list"),
        ),
    ),
    WorkspaceSection(
        key="entrepreneurship.bank",
        role=Role.BANK,
        title=_("Startup loans"),
        allowed=is_bank_member,
        tallies=(
            Tally(
                "entrepreneurship.bank_queue",
                _("Loan applications to review"),
                bank_queue,
                "entrepreneurship:bank_loans",
            ),
        ),
        links=(
            Link("entrepreneurship.bank_loans", _("Loan applications"), "entrepreneurship:bank_loans", main=True),
            Link("entrepreneurship.bank_products", _("Our loan products"), "entrepreneurship:bank_products", main=True),
        ),
    ),
    WorkspaceSection(
        key="entrepreneurship.incubator",
        role=Role.INCUBATOR,
        title=_("Incubator bases"),
        allowed=is_incubator_member,
        tallies=(
            Tally(
                "entrepreneurship.operated_pending",
                _("Residency applications to decide"),
                operated_residencies(Residency.Status.PENDING),
                "entrepreneurship:operator_residencies",
            ),
            Tally(
                "entrepreneurship.operated_active",
                _("Enterprises in residence"),
                operated_residencies(Residency.Status.ACTIVE),
                "entrepreneurship:operator_residencies",
            ),
            Tally("entrepreneurship.operated_bases", _("Our bases"), operated_bases, "entrepreneurship:operator_bases"),
        ),
        links=(
            Link(
                "entrepreneurship.operator_residencies",
                _("Residencies"),
                "entrepreneurship:operator_residencies",
                main=True,
            ),
            Link(
                "entrepreneurship.operator_bases",
                _("Bases, rooms and desks"),
                "entrepreneurship:operator_bases",
                main=True,
            ),
        ),
    ),
    WorkspaceSection(
        key="entrepreneurship.staff",
        role=Role.STAFF,
        title=_("Entrepreneurship"),
        allowed=is_bureau_staff,
        tallies=(
            Tally(
                "entrepreneurship.staff_loans",
                _("Loan applications in progress"),
                queue_count(lambda: LoanApplication.objects.filter(status__in=LOAN_IN_PROGRESS)),
                "entrepreneurship:staff_loans",
            ),
            Tally(
                "entrepreneurship.staff_residencies",
                _("Residency applications waiting"),
                queue_count(lambda: Residency.objects.filter(status=Residency.Status.PENDING)),
                "entrepreneurship:staff_residencies",
            ),
            Tally(
                "entrepreneurship.staff_mentors",
                _("Mentor applications to decide"),
                queue_count(lambda: MentorProfile.objects.filter(status=MentorProfile.Status.PENDING)),
                "entrepreneurship:staff_mentors",
            ),
            Tally(
                "entrepreneurship.staff_settlements",
                _("Interest-subsidy settlements due"),
                queue_count(
                    lambda: SubsidySettlement.objects.filter(
                        status=SubsidySettlement.Status.PENDING,
                        application__status=LoanApplication.Status.DISBURSED,
                        period_end__lte=timezone.localdate(),
                    )
                ),
                "entrepreneurship:staff_settlements",
            ),
        ),
        links=(
            Link("entrepreneurship.staff_competitions", _("Competitions"), "entrepreneurship:staff_competitions"),
            Link("entrepreneurship.staff_bases", _("Incubator bases"), "entrepreneurship:operator_bases"),
            Link("entrepreneurship.subsidy_report", _("Interest-subsidy report"), "entrepreneurship:subsidy_report"),
        ),
    ),
)
