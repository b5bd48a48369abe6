"""Saved-search alerts through a real Celery worker on Redis (issue 18, item 3, must hold): publishing a position
queues the alert on commit; three saved searches of one person matching it give that person one notice, even when
the task is delivered twice and the matcher's push runs beside it."""

import time

import pytest

from jobs.matching.services import position_event_key
from jobs.models import Position, SearchAlertDelivery
from jobs.services.positions import position_approve, position_index
from jobs.services.saved_searches import saved_search_create
from jobs.tasks import send_instant_search_alerts
from portal.models import Notification
from tests import factories
from tests.matching.factories import make_position, make_veteran


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_three_matching_searches_one_notice_through_the_real_worker(celery_worker_real):
    person = factories.VeteranFactory()
    driver = make_veteran(specialties=["M01"], region_code="350102")  # also reached by the matcher's push
    fuzhou = factories.region("350100")
    for filters in ({"q": "货车司机"}, {"q": "驾驶员", "region": fuzhou}, {"region": fuzhou, "salary_min": 5000}):
        saved_search_create(user=person, filters=filters, frequency="instant")
    saved_search_create(user=driver, filters={"q": "司机"}, frequency="instant")
    saved_search_create(user=factories.VeteranFactory(), filters={"q": "厨师"}, frequency="instant")
    position = make_position(
        title="重型货车驾驶员", description="跑干线。", skills=["驾驶"], status=Position.Status.PENDING
    )
    position_index(position)

    position_approve(position=position, staff=factories.StaffFactory())  # commits; the worker takes it from Redis
    send_instant_search_alerts.delay(position.pk)  # a duplicate delivery must not double anything

    key = position_event_key(position.pk)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if Notification.objects.filter(event_key=key, recipient__in=[person, driver]).count() >= 2:
            break
        time.sleep(0.2)
    time.sleep(1.5)  # let the duplicate and the matcher's push finish too
    assert Notification.objects.filter(recipient=person).count() == 1
    assert Notification.objects.get(recipient=person).kind == "saved_search"
    assert Notification.objects.filter(recipient=driver, event_key=key).count() == 1
    assert SearchAlertDelivery.objects.filter(user=person, position=position).count() == 1
    assert Notification.objects.filter(event_key=key).count() == 2  # the cook's search does not match
