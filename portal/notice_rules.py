"""Who gets a notice by e-mail or text message, and when: each rule written once, as a queryset expression.

notify() evaluates them for one recipient and the bulk fast paths (jobs.matching's set-based INSERT … SELECT on
PostgreSQL, bulk_create elsewhere) annotate their recipient querysets with the same expressions, so SQLite and
PostgreSQL, one notice and a hundred thousand, all run the same rule.

Every function takes `user`, the lookup path from the queried model to the user: "" on User, "user__" on
VeteranProfile or FairRegistration. A user with no preference row yet gets the defaults of NotificationPreference
(no e-mail), which is what the LEFT JOIN's NULLs give.
"""

import datetime

from django.db.models import Case, DateTimeField, F, Q, Value, When
from django.utils import timezone

from portal.models import Notification, NotificationPreference, User


def _pref(user: str) -> str:
    return f"{user}notification_preference__"


def wants_email(user: str = "") -> Q:
    """Opted in to e-mail, not unsubscribed, active, with an address."""
    pref = _pref(user)
    return Q(**{f"{pref}email_enabled": True, f"{pref}unsubscribed_at__isnull": True, f"{user}is_active": True}) & ~Q(
        **{f"{user}email": ""}
    )


def in_quiet_hours(hour: int, user: str = "") -> Q:
    """The local hour `hour` falls in the user's quiet hours [start, end), which may wrap past midnight;
    start == end means no quiet hours."""
    start, end = f"{_pref(user)}quiet_start", f"{_pref(user)}quiet_end"
    same_day = Q(**{f"{start}__lt": F(end), f"{start}__lte": hour, f"{end}__gt": hour})
    over_midnight = Q(**{f"{start}__gt": F(end)}) & (Q(**{f"{start}__lte": hour}) | Q(**{f"{end}__gt": hour}))
    return same_day | over_midnight


def _quiet_hours_end(now: datetime.datetime, user: str) -> list[When]:
    """The next end of quiet hours after `now`, for each possible quiet_end hour (values, not SQL date arithmetic,
    so every database computes the same local time)."""
    local = timezone.localtime(now)
    whens = []
    for hour in range(24):
        target = local.replace(hour=hour, minute=0, second=0, microsecond=0)
        if target <= local:
            target += datetime.timedelta(days=1)
        whens.append(When(Q(**{f"{_pref(user)}quiet_end": hour}), then=Value(target)))
    return whens


def email_status(user: str = "") -> Case:
    """Notification.email_status of a new notice: pending for a user who wants e-mail, else none."""
    return Case(
        When(wants_email(user), then=Value(Notification.EmailStatus.PENDING)),
        default=Value(Notification.EmailStatus.NONE),
    )


def email_not_before(now: datetime.datetime, user: str = "") -> Case:
    """When the e-mail of a notice created at `now` may go out: now for an instant e-mail outside quiet hours,
    otherwise (quiet hours, or the daily digest) the next end of quiet hours; NULL for no e-mail."""
    instant = Q(**{f"{_pref(user)}email_mode": NotificationPreference.EmailMode.INSTANT})
    return Case(
        When(~wants_email(user), then=Value(None)),
        When(instant & ~in_quiet_hours(timezone.localtime(now).hour, user), then=Value(now)),
        *_quiet_hours_end(now, user),
        output_field=DateTimeField(),
    )


def sms_not_before(now: datetime.datetime, user: str = "") -> Case:
    """When a text message may go out: now, or the end of quiet hours (text messages have no digest)."""
    return Case(
        When(~in_quiet_hours(timezone.localtime(now).hour, user), then=Value(now)),
        *_quiet_hours_end(now, user),
        output_field=DateTimeField(),
    )


def delivery(now: datetime.datetime, user: str = "") -> dict:
    """The annotations a notifier needs: notice_email_status, notice_email_not_before, notice_sms_not_before."""
    return {
        "notice_email_status": email_status(user),
        "notice_email_not_before": email_not_before(now, user),
        "notice_sms_not_before": sms_not_before(now, user),
    }


def email_states(user_ids, now: datetime.datetime) -> dict[int, tuple[str, datetime.datetime | None]]:
    """{user id: (email_status, email_not_before)} of new notices created at `now`, for a batch of recipients."""
    user_ids = list(user_ids)
    states = {}
    for start in range(0, len(user_ids), 2000):
        rows = User.objects.filter(pk__in=user_ids[start : start + 2000]).values_list(
            "pk", email_status(), email_not_before(now)
        )
        states.update({pk: (status, not_before) for pk, status, not_before in rows})
    return states
