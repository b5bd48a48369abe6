"""The training app's workspace sections (portal.pillars.WorkspaceSection) and the selectors counting their items:
the trainee's classes, the institution's classes, waiting enrolments, today's sessions and subsidy claims, the
evaluator's institutions, and the staff queue of subsidy claims."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Role
from portal.permissions import is_bureau_staff
from portal.pillars import Link, Tally, WorkspaceSection
from training.models import ClassSession, Enrollment, SubsidyClaim
from training.permissions import (
    is_evaluator,
    is_institution_member,
    manageable_classes,
    manageable_enrollments,
    managed_institutions,
)

ACTIVE_ENROLMENT = (Enrollment.Status.PENDING, Enrollment.Status.ENROLLED, Enrollment.Status.WAITLISTED)


def my_current_classes(user) -> int:
    return Enrollment.objects.filter(veteran=user, status__in=ACTIVE_ENROLMENT).count()


def running_classes(user) -> int:
    """The institution's classes that have not ended."""
    if not is_institution_member(user):
        return 0
    return manageable_classes(user).filter(end_date__gte=timezone.localdate()).count()


def enrolments_to_decide(user) -> int:
    if not is_institution_member(user):
        return 0
    return manageable_enrollments(user).filter(status=Enrollment.Status.PENDING).count()


def sessions_today(user):
    """The institution's sessions starting today (local time), earliest first: where attendance is taken."""
    if not is_institution_member(user):
        return ClassSession.objects.none()
    start = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time.min))
    return (
        ClassSession.objects.filter(
            training_class__in=manageable_classes(user),
            starts_at__gte=start,
            starts_at__lt=start + datetime.timedelta(days=1),
        )
        .select_related("training_class")
        .order_by("starts_at")
    )


def institution_open_claims(user):
    """Subsidy claims of the institution's trainees still waiting for a decision or payment."""
    if not is_institution_member(user):
        return SubsidyClaim.objects.none()
    return (
        SubsidyClaim.objects.filter(
            enrollment__training_class__course__institution__in=managed_institutions(user),
            status__in=(SubsidyClaim.Status.SUBMITTED, SubsidyClaim.Status.APPROVED),
        )
        .select_related("enrollment__training_class", "enrollment__veteran")
        .order_by("created_at")
    )


def claims_to_decide(user) -> int:
    return SubsidyClaim.objects.filter(status=SubsidyClaim.Status.SUBMITTED).count()


SECTIONS = (
    WorkspaceSection(
        key="training.trainee",
        role=Role.VETERAN,
        title=_("Training"),
        tallies=(Tally("training.classes", _("My current classes"), my_current_classes, "training:my_training"),),
        links=(
            Link("training.index", _("Find a training class"), "training:index", main=True),
            Link("training.mine", _("My training"), "training:my_training"),
            Link("training.evaluate", _("Institutions to evaluate"), "training:evaluate", allowed=is_evaluator),
        ),
    ),
    WorkspaceSection(
        key="training.institution",
        role=Role.INSTITUTION,
        title=_("Classes and trainees"),
        allowed=is_institution_member,
        tallies=(
            Tally(
                "training.sessions_today",
                _("Sessions today (take attendance)"),
                lambda user: sessions_today(user).count(),
                "training:manage",
                query="#today",
            ),
            Tally("training.to_decide", _("Enrolments to decide"), enrolments_to_decide, "training:manage"),
            Tally("training.running", _("Classes running or coming"), running_classes, "training:manage"),
            Tally(
                "training.open_claims",
                _("Subsidy claims in progress"),
                lambda user: institution_open_claims(user).count(),
                "training:manage",
                query="#claims",
            ),
        ),
        links=(
            Link("training.manage", _("Manage classes, rosters and attendance"), "training:manage", main=True),
            Link("training.course_new", _("New course"), "training:manage_course_new", main=True),
        ),
    ),
    WorkspaceSection(
        key="training.staff",
        role=Role.STAFF,
        title=_("Training"),
        allowed=is_bureau_staff,
        tallies=(
            Tally("training.claims", _("Training subsidy claims to decide"), claims_to_decide, "training:claims"),
        ),
        links=(
            Link("training.claims", _("Training subsidy claims"), "training:claims"),
            Link("training.evaluators", _("Evaluation committee"), "training:staff_evaluators"),
            Link("training.evaluation_results", _("Institution evaluations"), "training:staff_evaluation_results"),
        ),
    ),
)
