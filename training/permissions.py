"""Who may manage what in training. Views, the API and the admin all call these."""

from portal.models import Organization
from portal.permissions import is_bureau_staff, is_family_member, is_veteran, member_organizations
from training.models import ClassSession, Course, Enrollment, TrainingClass


def managed_institutions(user):
    """Verified training institutions the user is a member of."""
    if not user.is_authenticated:
        return Organization.objects.none()
    return member_organizations(user, org_type=Organization.Type.INSTITUTION)


def is_institution_member(user) -> bool:
    return managed_institutions(user).exists()


def can_enrol(user) -> bool:
    """Veterans, and family members for classes open to families (the enrolment service decides)."""
    return is_veteran(user) or is_family_member(user)


def manageable_courses(user):
    if is_bureau_staff(user):
        return Course.objects.all()
    return Course.objects.of_institutions(managed_institutions(user))


def manageable_classes(user):
    if is_bureau_staff(user):
        return TrainingClass.objects.all()
    return TrainingClass.objects.of_institutions(managed_institutions(user))


def manageable_sessions(user):
    return ClassSession.objects.filter(training_class__in=manageable_classes(user))


def manageable_enrollments(user):
    return Enrollment.objects.filter(training_class__in=manageable_classes(user))


def can_manage_class(user, training_class) -> bool:
    return is_bureau_staff(user) or training_class.course.institution.has_member(user)


def can_manage_enrollment(user, enrollment) -> bool:
    return can_manage_class(user, enrollment.training_class)


def viewable_claims(user):
    """Subsidy claims a user may open: their own, their institution's classes', and all for bureau staff."""
    from django.db.models import Q

    from training.models import SubsidyClaim

    if not user.is_authenticated:
        return SubsidyClaim.objects.none()
    if is_bureau_staff(user):
        return SubsidyClaim.objects.all()
    return SubsidyClaim.objects.filter(Q(enrollment__veteran=user) | Q(enrollment__in=manageable_enrollments(user)))


def is_evaluator(user) -> bool:
    from training.models import Evaluator

    return user.is_authenticated and Evaluator.objects.filter(user=user, ended_at__isnull=True).exists()


def is_enrolment_thread_party(user, enrollment) -> bool:
    """The trainee and the members of the institution running the class write in the enrolment's thread (bureau
    staff do not: they read it only once a complaint is filed, see staff_may_read_enrolment_thread)."""
    if not user.is_authenticated:
        return False
    return enrollment.veteran_id == user.pk or enrollment.training_class.course.institution.has_member(user)


def staff_may_read_enrolment_thread(user, enrollment, thread) -> bool:
    """Bureau staff supervise the institutions: they read an enrolment's thread once either side has complained."""
    return is_bureau_staff(user) and thread.has_complaint()
