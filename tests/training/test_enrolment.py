"""Enrolment rules: seats, waitlist order, promotion, refusals."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from portal.exceptions import AccessDenied
from portal.models import Notification
from tests.concurrency import at_once
from tests.factories import VeteranFactory
from tests.training.factories import TrainingClassFactory
from training import services
from training.models import Enrollment

pytestmark = pytest.mark.django_db
S = Enrollment.Status


def test_enrolments_beyond_capacity_are_waitlisted_in_order():
    cls = TrainingClassFactory(capacity=2)
    enrollments = [services.enrollment_create(training_class=cls, veteran=VeteranFactory()) for _ in range(4)]
    assert [e.status for e in enrollments] == [S.ENROLLED, S.ENROLLED, S.WAITLISTED, S.WAITLISTED]
    assert [e.waitlist_position() for e in enrollments[2:]] == [1, 2]


def test_withdrawal_promotes_exactly_the_first_waitlisted_and_notifies_them():
    cls = TrainingClassFactory(capacity=1)
    first, second, third = (services.enrollment_create(training_class=cls, veteran=VeteranFactory()) for _ in range(3))
    services.enrollment_withdraw(enrollment=first, veteran=first.veteran)
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == S.ENROLLED
    assert third.status == S.WAITLISTED and third.waitlist_position() == 1
    assert Notification.objects.filter(recipient=second.veteran, event_key__endswith=".promoted").count() == 1
    assert not Notification.objects.filter(recipient=third.veteran, event_key__endswith=".promoted").exists()


def test_withdrawing_from_the_waitlist_promotes_nobody():
    cls = TrainingClassFactory(capacity=1)
    _first, second, third = (services.enrollment_create(training_class=cls, veteran=VeteranFactory()) for _ in range(3))
    services.enrollment_withdraw(enrollment=second, veteran=second.veteran)
    third.refresh_from_db()
    assert third.status == S.WAITLISTED


def test_rejection_promotes_next(institution_member, training_class):
    training_class.capacity = 1
    training_class.save()
    first, second = (
        services.enrollment_create(training_class=training_class, veteran=VeteranFactory()) for _ in range(2)
    )
    services.enrollment_reject(enrollment=first, actor=institution_member, reason="资格不符")
    second.refresh_from_db()
    assert second.status == S.ENROLLED


def test_cannot_enrol_twice():
    cls = TrainingClassFactory()
    veteran = VeteranFactory()
    services.enrollment_create(training_class=cls, veteran=veteran)
    with pytest.raises(ValidationError, match="already enrolled"):
        services.enrollment_create(training_class=cls, veteran=veteran)


def test_can_enrol_again_after_withdrawing():
    cls = TrainingClassFactory()
    veteran = VeteranFactory()
    first = services.enrollment_create(training_class=cls, veteran=veteran)
    services.enrollment_withdraw(enrollment=first, veteran=veteran)
    assert services.enrollment_create(training_class=cls, veteran=veteran).status == S.ENROLLED


def test_cannot_enrol_outside_the_window():
    now = timezone.now()
    closed = TrainingClassFactory(
        enrolment_opens=now - datetime.timedelta(days=3), enrolment_closes=now - datetime.timedelta(days=1)
    )
    future = TrainingClassFactory(
        enrolment_opens=now + datetime.timedelta(days=1), enrolment_closes=now + datetime.timedelta(days=3)
    )
    with pytest.raises(ValidationError, match="closed"):
        services.enrollment_create(training_class=closed, veteran=VeteranFactory())
    with pytest.raises(ValidationError, match="not opened"):
        services.enrollment_create(training_class=future, veteran=VeteranFactory())


def test_province_only_class_refuses_veterans_from_elsewhere():
    cls = TrainingClassFactory(cross_region=False)
    with pytest.raises(ValidationError, match="province"):
        services.enrollment_create(training_class=cls, veteran=VeteranFactory(profile__region_code="330102"))
    cls.cross_region = True
    cls.save()
    assert services.enrollment_create(training_class=cls, veteran=VeteranFactory(profile__region_code="330102"))


def test_unverified_veteran_cannot_enrol():
    with pytest.raises(ValidationError, match="verified profile"):
        services.enrollment_create(training_class=TrainingClassFactory(), veteran=VeteranFactory(profile=False))


def test_course_needing_approval_holds_a_pending_seat(institution_member):
    cls = TrainingClassFactory(course__institution=institution_member.organization, course__auto_approve=False)
    enrollment = services.enrollment_create(training_class=cls, veteran=VeteranFactory())
    assert enrollment.status == S.PENDING
    services.enrollment_approve(enrollment=enrollment, actor=institution_member)
    enrollment.refresh_from_db()
    assert enrollment.status == S.ENROLLED


def test_other_institution_cannot_approve(institution_member):
    from tests.factories import OrgMemberFactory

    cls = TrainingClassFactory(course__institution=institution_member.organization, course__auto_approve=False)
    enrollment = services.enrollment_create(training_class=cls, veteran=VeteranFactory())
    with pytest.raises(AccessDenied):
        services.enrollment_approve(enrollment=enrollment, actor=OrgMemberFactory(org_type="institution"))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_enrolments_for_ten_seats(transactional_db):
    cls = TrainingClassFactory(capacity=10)
    veterans = [VeteranFactory() for _ in range(50)]
    outcomes = at_once([lambda v=v: services.enrollment_create(training_class=cls, veteran=v) for v in veterans])
    assert outcomes == ["ok"] * 50
    rows = list(Enrollment.objects.filter(training_class=cls).order_by("sequence"))
    assert len(rows) == 50
    assert [r.sequence for r in rows] == list(range(1, 51))
    # Arrival order: the first ten arrivals hold the seats, the other forty wait in arrival order.
    assert [r.status for r in rows] == [S.ENROLLED] * 10 + [S.WAITLISTED] * 40
    assert [r.created_at for r in rows] == sorted(r.created_at for r in rows)
    assert [r.waitlist_position() for r in rows[10:]] == list(range(1, 41))

    services.enrollment_withdraw(enrollment=rows[0], veteran=rows[0].veteran)
    statuses = dict(Enrollment.objects.filter(training_class=cls).values_list("pk", "status"))
    assert statuses[rows[10].pk] == S.ENROLLED
    assert list(statuses.values()).count(S.ENROLLED) == 10
    assert list(statuses.values()).count(S.WAITLISTED) == 39
