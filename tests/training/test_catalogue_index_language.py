"""A course's search index does not depend on the language of whoever saved it (saving in English used to replace
the Chinese module and type words in the index with English ones)."""

import pytest
from django.utils import translation

from tests.training.factories import CourseFactory
from training.models import Course
from training.services import course_index

pytestmark = pytest.mark.django_db


def test_course_index_is_the_same_whatever_the_saving_language():
    course = CourseFactory()
    bodies = set()
    for language in ("zh-hans", "en"):
        with translation.override(language):
            course_index(course)
        bodies.add(Course.objects.get(pk=course.pk).search_body)
    assert len(bodies) == 1
    body = bodies.pop()
    assert "职业技能" in body and "vocational" in body.lower()
