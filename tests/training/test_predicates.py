"""The page asks the model what the service allows: for every status, the predicate a template shows a button by
and the service that button calls agree."""

import pytest
from django.core.exceptions import ValidationError

from tests.factories import VeteranFactory
from training import services
from training.models import Enrollment

pytestmark = pytest.mark.django_db
S = Enrollment.Status


def _enrollment(training_class, status):
    enrollment = services.enrollment_create(training_class=training_class, veteran=VeteranFactory())
    Enrollment.objects.filter(pk=enrollment.pk).update(status=status)
    enrollment.refresh_from_db()
    return enrollment


def _allowed(call) -> bool:
    try:
        call()
    except ValidationError:
        return False
    return True


@pytest.mark.parametrize("status", S.values)
def test_the_trainers_buttons_match_what_the_services_accept(status, training_class, institution_member):
    actor = institution_member
    cases = [
        ("can_be_approved", lambda e: services.enrollment_approve(enrollment=e, actor=actor)),
        ("can_be_rejected", lambda e: services.enrollment_reject(enrollment=e, actor=actor, reason="full")),
        ("can_be_completed", lambda e: services.enrollment_complete(enrollment=e, actor=actor)),
        ("can_withdraw", lambda e: services.enrollment_withdraw(enrollment=e, veteran=e.veteran)),
    ]
    for predicate, call in cases:
        enrollment = _enrollment(training_class, status)
        shown = getattr(enrollment, predicate)()
        assert _allowed(lambda: call(enrollment)) == shown, f"{predicate} for {status}"


def test_the_predicates_say_what_each_status_allows():
    enrollment = Enrollment(status=S.PENDING)
    assert enrollment.can_be_approved() and enrollment.can_be_rejected() and not enrollment.can_be_completed()
    enrollment.status = S.ENROLLED
    assert enrollment.is_enrolled() and enrollment.can_be_completed() and not enrollment.can_be_approved()
    enrollment.status = S.COMPLETED
    assert enrollment.is_completed() and not enrollment.can_withdraw() and not enrollment.can_be_rejected()
