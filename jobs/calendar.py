"""An interview as an iCalendar file (RFC 5545, written with the icalendar package): downloaded from the interview's
page and attached to the e-mail of its notices, so the time lands in the person's phone calendar.

The UID is stable per interview and SEQUENCE is its booking round, so a calendar that imported the file before a
reschedule replaces the old time; a cancelled interview is sent as STATUS:CANCELLED."""

import datetime
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event

from jobs.models import Interview

EVENT_KEY = re.compile(r"^jobs-interview-(\d+)-")
PRODID = "-//veteran-service-platform//jobs interviews//ZH"


def _site_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def _description(interview: Interview, slot) -> str:
    lines = [
        _("Contact: %(name)s, %(phone)s") % {"name": slot.contact_name, "phone": slot.contact_phone},
    ]
    if slot.mode == slot.Mode.VIDEO:
        lines.append(_("Video link: %(link)s") % {"link": slot.video_link})
    if slot.bring:
        lines.append(_("What to bring: %(bring)s") % {"bring": slot.bring})
    if interview.note:
        lines.append(_("Note from the employer: %(note)s") % {"note": interview.note})
    return "\n".join(lines)


def interview_ics(interview: Interview, *, language: str | None = None) -> bytes | None:
    """The calendar file of the interview's booked (or last booked, if cancelled) time; None when no time was ever
    booked. Times are written in UTC, which every calendar reads without a VTIMEZONE block."""
    slot = interview.slot() or _last_booked_slot(interview)
    if slot is None:
        return None
    position = interview.application.position
    with translation.override(language or settings.LANGUAGE_CODE):
        calendar = Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        event = Event()
        event.add("uid", f"interview-{interview.pk}@{_site_host()}")
        event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
        event.add("dtstart", slot.starts_at.astimezone(datetime.UTC))
        event.add("dtend", slot.ends_at.astimezone(datetime.UTC))
        event.add("sequence", interview.booking_round)
        event.add(
            "summary",
            _("Interview: %(position)s, %(employer)s")
            % {"position": position.title, "employer": position.organization.name},
        )
        event.add("location", slot.address if slot.mode == slot.Mode.ONSITE else slot.video_link)
        event.add("description", _description(interview, slot))
        event.add("url", settings.SITE_URL.rstrip("/") + reverse("jobs:interview", args=[interview.pk]))
        cancelled = interview.status == Interview.Status.CANCELLED
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        if not cancelled:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", _("Interview in an hour"))
            alarm.add("trigger", datetime.timedelta(hours=-1))
            event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()


def _last_booked_slot(interview: Interview):
    """For a cancelled interview: the time it had (the slot itself was freed for others)."""
    return interview.last_slot if interview.status == Interview.Status.CANCELLED else None


def ics_filename(interview: Interview) -> str:
    return f"interview-{interview.pk}.ics"


def notice_attachments(notification) -> list[tuple[str, bytes, str]]:
    """The calendar file for the e-mail of an interview notice (portal.services.notifications' attachment hook)."""
    match = EVENT_KEY.match(notification.event_key)
    if not match:
        return []
    interview = (
        Interview.objects.select_related("application__position__organization").filter(pk=match.group(1)).first()
    )
    if interview is None:
        return []
    content = interview_ics(interview, language=notification.recipient.language or None)
    if content is None:
        return []
    return [(ics_filename(interview), content, "text/calendar; charset=utf-8")]
