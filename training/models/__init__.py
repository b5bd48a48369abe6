"""Training: courses published by institutions, classes (班次) with sessions, enrolments with a waitlist,
attendance, certificates, subsidy claims and evaluations, one module per concept."""

from training.models.certificates import Certificate, _verify_code
from training.models.committee import EvaluationResult, Evaluator, InstitutionEvaluation
from training.models.courses import (
    ClassSession,
    Course,
    CourseQuerySet,
    SkillLevel,
    TrainingClass,
    TrainingClassQuerySet,
)
from training.models.enrolment import Attendance, Enrollment, EnrollmentQuerySet
from training.models.evaluations import Evaluation
from training.models.subsidies import SubsidyAttachment, SubsidyClaim, SubsidyPayment

__all__ = [
    "Attendance",
    "Certificate",
    "ClassSession",
    "Course",
    "CourseQuerySet",
    "Enrollment",
    "EnrollmentQuerySet",
    "Evaluation",
    "EvaluationResult",
    "Evaluator",
    "InstitutionEvaluation",
    "SkillLevel",
    "SubsidyAttachment",
    "SubsidyClaim",
    "SubsidyPayment",
    "TrainingClass",
    "TrainingClassQuerySet",
    "_verify_code",  # the default of Certificate.verify_code, referenced by migration 0001
]
