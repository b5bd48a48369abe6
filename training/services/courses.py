"""Writes of the catalogue: courses (indexed for search), their classes and sessions."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from portal.search import index_row
from training.models import ClassSession, Course, TrainingClass


def course_index(course: Course) -> None:
    """Index the course's words; its module and type labels in every site language, so the index is the same
    whichever language the saving user reads (and both languages' words find it)."""
    occupations = " ".join(o.name for o in course.target_occupations.all())
    labels = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            labels += [str(course.get_module_display()), str(course.get_course_type_display())]
    body = " ".join([course.description, *dict.fromkeys(labels), occupations])
    index_row(course, title=course.title, body=f"{body} {course.institution.name}")


@transaction.atomic
def course_save(*, course: Course, occupations=None) -> Course:
    """Create or update a course (its institution must be a verified training institution)."""
    if not course.institution.is_verified() or course.institution.org_type != "institution":
        raise ValidationError(_("Only verified training institutions can publish courses."))
    if not course.subsidy_eligible:
        course.subsidy_amount = Decimal("0")
    course.full_clean()
    course.save()
    if occupations is not None:
        course.target_occupations.set(occupations)
    course_index(course)
    return course


@transaction.atomic
def class_save(*, training_class: TrainingClass) -> TrainingClass:
    training_class.full_clean()
    training_class.save()
    return training_class


@transaction.atomic
def session_save(*, session: ClassSession) -> ClassSession:
    if session.ends_at <= session.starts_at:
        raise ValidationError({"ends_at": _("A session must end after it starts.")})
    session.full_clean()
    session.save()
    return session
