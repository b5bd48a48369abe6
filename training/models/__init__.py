"""Training: courses published by institutions, classes (班次) with sessions, enrolments with a waitlist,
attendance, certificates, subsidy claims and evaluations, one module per concept."""

from training.models.certificates import Certificate, _verify_code
from training.models.courses import ClassSession, Course, CourseQuerySet, TrainingClass, TrainingClassQuerySet
from training.models.enrolment import Attendance, Enrollment, EnrollmentQuerySet
from training.models.evaluations import Evaluation
from training.models.subsidies import SubsidyClaim

__all__ = [
    "Attendance",
    "Certificate",
    "ClassSession",
    "Course",
    "CourseQuerySet",
    "Enrollment",
    "EnrollmentQuerySet",
    "Evaluation",
    "SubsidyClaim",
    "TrainingClass",
    "TrainingClassQuerySet",
    "_verify_code",  # the default of Certificate.verify_code, referenced by migration 0001
]
