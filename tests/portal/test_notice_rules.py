"""One rule, every path: notify() and the bulk fast paths (the PostgreSQL INSERT … SELECT of a position push,
bulk_notify everywhere) give each recipient the same e-mail state, on whichever database runs the suite."""

import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from jobs.matching import services
from portal.models import Notification, NotificationPreference
from portal.services import notifications
from tests.matching.factories import make_fair, make_position, make_veteran

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
PENDING, NONE = Notification.EmailStatus.PENDING, Notification.EmailStatus.NONE
DIGEST = NotificationPreference.EmailMode.DIGEST

# (preference fields, user fields) — opt-in, unsubscribed, no address, digest, and quiet hours that wrap midnight,
# sit inside one day, or are switched off (start == end).
CASES = [
    (None, {}),
    ({"email_enabled": False}, {}),
    ({"email_enabled": True}, {}),
    ({"email_enabled": True}, {"email": ""}),
    ({"email_enabled": True, "unsubscribed_at": datetime.datetime(2026, 1, 1, tzinfo=SHANGHAI)}, {}),
    ({"email_enabled": True, "email_mode": DIGEST}, {}),
    ({"email_enabled": True, "quiet_start": 0, "quiet_end": 0}, {}),
    ({"email_enabled": True, "quiet_start": 9, "quiet_end": 17}, {}),
    ({"email_enabled": True, "quiet_start": 12, "quiet_end": 13}, {}),
    ({"email_enabled": True, "quiet_start": 3, "quiet_end": 2}, {}),
]


def recipients():
    users = []
    for pref, user_fields in CASES:
        veteran = make_veteran(specialties=["M01"], skills=["驾驶"], region_code="350102")
        if user_fields:
            type(veteran).objects.filter(pk=veteran.pk).update(**user_fields)
            veteran.refresh_from_db()
        if pref is not None:
            NotificationPreference.objects.create(user=veteran, **pref)
        users.append(veteran)
    return users


def states(event_key):
    rows = Notification.objects.filter(event_key=event_key).values_list(
        "recipient_id", "email_status", "email_not_before"
    )
    return {recipient: (status, not_before) for recipient, status, not_before in rows}


@pytest.mark.parametrize("moment", [(12, 0), (23, 30), (2, 15), (9, 0)])
def test_notify_and_the_bulk_paths_give_the_same_email_state(moment, django_capture_on_commit_callbacks):
    users = recipients()
    position = make_position(title="物流车驾驶员", category_code="0101", skills=["驾驶"], region_code="350102")
    fair = make_fair()
    for seat, user in enumerate(users, start=1):
        fair.registrations.create(user=user, seat=seat)
    now = datetime.datetime(2026, 3, 4, *moment, tzinfo=SHANGHAI)

    with mock.patch("django.utils.timezone.now", return_value=now), django_capture_on_commit_callbacks():
        for user in users:
            notifications.notify(recipient=user, event_key="probe", kind="test", title="t", sms=False)
        services.position_push(position_id=position.pk)  # PostgreSQL: the set-based INSERT … SELECT
        services.fair_reminder_send(fair_id=fair.pk)  # bulk_notify

    one = states("probe")
    assert set(one) == {u.pk for u in users}
    assert states(services.position_event_key(position.pk)) == one
    assert states(services.fair_event_key(fair.pk)) == one
    # and the rule itself: the plain opt-in (quiet 22–8) is sent now at noon and held at night
    plain = one[users[2].pk]
    expected = now if moment == (12, 0) or moment == (9, 0) else timezone.localtime(now).replace(hour=8, minute=0)
    if moment == (23, 30):
        expected += datetime.timedelta(days=1)
    assert plain == (PENDING, expected)
    assert one[users[0].pk] == one[users[3].pk] == one[users[4].pk] == (NONE, None)
    assert one[users[6].pk] == (PENDING, now)  # no quiet hours at all
