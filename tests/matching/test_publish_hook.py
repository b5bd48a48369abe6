"""The jobs publish service triggers the push after commit — and not at all when the publish rolls back."""

import time

import pytest
from django.db import transaction

from jobs.matching import services
from jobs.models import Position
from jobs.services.positions import position_approve
from portal.models import Notification
from tests import factories
from tests.matching.factories import make_position, make_veteran


def pending_driver_post():
    return make_position(
        title="冷链车驾驶员",
        category_code="0101",
        skills=["驾驶"],
        region_code="350102",
        status=Position.Status.PENDING,
    )


@pytest.mark.django_db
def test_staff_approval_pushes_to_matching_veterans_after_commit(django_capture_on_commit_callbacks):
    driver = make_veteran(specialties=["M01"], region_code="350102")
    position = pending_driver_post()
    staff = factories.StaffFactory()
    with django_capture_on_commit_callbacks(execute=True):
        position_approve(position=position, staff=staff)
    assert Notification.objects.filter(recipient=driver, event_key=services.position_event_key(position.pk)).exists()


@pytest.mark.django_db
def test_rolled_back_approval_pushes_nothing(django_capture_on_commit_callbacks):
    make_veteran(specialties=["M01"], region_code="350102")
    position = pending_driver_post()
    staff = factories.StaffFactory()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        position_approve(position=position, staff=staff)
        raise RuntimeError("something later in the same transaction failed")
    assert callbacks == []
    assert not Notification.objects.filter(kind="job_push").exists()
    assert Position.objects.get(pk=position.pk).status == Position.Status.PENDING


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_push_through_a_real_celery_worker_on_redis(celery_worker_real):
    drivers = [make_veteran(specialties=["M01"], region_code="350102") for _ in range(3)]
    position = pending_driver_post()
    staff = factories.StaffFactory()

    position_approve(position=position, staff=staff)  # commits; the worker picks the task from Redis
    from jobs.matching.tasks import position_published

    position_published.delay(position.pk)  # a duplicate delivery must not double anything

    key = services.position_event_key(position.pk)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if Notification.objects.filter(event_key=key).count() >= 3 and (
            services.PushRun.objects.filter(event_key=key, status="done").exists()
        ):
            break
        time.sleep(0.2)
    time.sleep(1)  # let the duplicate finish too
    assert sorted(Notification.objects.filter(event_key=key).values_list("recipient_id", flat=True)) == sorted(
        u.pk for u in drivers
    )
