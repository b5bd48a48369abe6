"""Dates and times as people read them: in the portal's time zone (settings.TIME_ZONE, Asia/Shanghai).

The database holds aware UTC datetimes; `value.date()` or `value.strftime()` on one gives the UTC day and hour (an
application made at 02:20 on 2 December in Shanghai would read 1 December). Exports, PDFs and messages format
through these helpers; templates get the same from Django's `date` filter, which converts on its own."""

import datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone


def local_date(value: datetime.datetime | datetime.date | None) -> datetime.date | None:
    """The local calendar day of an aware datetime (a plain date passes through)."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def local_datetime_text(value: datetime.datetime | None, *, seconds: bool = False) -> str:
    """ "2026-12-02 00:30" (or with seconds) in local time; "" for None."""
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def local_iso(value: datetime.datetime | None) -> str | None:
    """ISO 8601 with the local offset ("2026-12-02T00:30:00+08:00"), for data a person downloads."""
    if value is None:
        return None
    return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()


class LocalTimeJSONEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder writing aware datetimes in local time rather than the UTC the database returns."""

    def default(self, o):
        if isinstance(o, datetime.datetime) and timezone.is_aware(o):
            o = timezone.localtime(o)
        return super().default(o)
