"""Reads of the live-stream fair room: the state every open room polls (who presents, their open positions, the
schedule), shared by all viewers and cached briefly, plus what differs per viewer (the count, one's own
applications, whether one may switch)."""

from urllib.parse import urlsplit

from django.core.cache import cache
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from jobs.models import Application, Booth, JobFair, Position, PresentationSlot
from jobs.permissions import can_switch_presenter
from jobs.services.live import live_viewer_count, state_cache_key

STATE_CACHE_SECONDS = 2  # viewers poll every 3 s; thousands of polls a second cost one query set per 2 s


def booth_queue_url(booth: Booth) -> str:
    """The booth's page, where a viewer takes a number in its on-site interview queue (jobs.services.booth_queue)."""
    return reverse("jobs:booth_page", kwargs={"pk": booth.fair_id, "booth_pk": booth.pk})


def playable_stream(fair: JobFair) -> str:
    """The fair's stream URL if it is an HLS playlist the page can play (…m3u8), else ""; another link (the
    organiser's own live page) is only linked to."""
    url = fair.stream_url or ""
    return url if urlsplit(url).path.lower().endswith(".m3u8") else ""


def stream_origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else ""


def open_positions(booth: Booth):
    today = timezone.localdate()
    return (
        booth.positions.published()
        .filter(Q(deadline__isnull=True) | Q(deadline__gte=today))
        .select_related("region")
        .order_by("-published_at", "pk")
    )


def schedule(fair: JobFair):
    return PresentationSlot.objects.filter(fair=fair).select_related("booth__organization").order_by("starts_at")


def _position_row(position: Position) -> dict:
    return {
        "id": position.pk,
        "title": position.title,
        "salary": position.salary_display(),
        "region": position.region.label,
        "url": reverse("jobs:position_detail", args=[position.pk]),
    }


def _presenting(fair: JobFair) -> dict | None:
    booth = fair.presenting_booth
    if booth is None or booth.status != Booth.Status.APPROVED:
        return None
    return {
        "booth": booth.pk,
        "number": booth.number,
        "employer": booth.organization.name,
        "since": timezone.localtime(fair.presenting_since).isoformat() if fair.presenting_since else None,
        "positions": [_position_row(p) for p in open_positions(booth)],
        "queue_url": booth_queue_url(booth),
    }


def _shared_state(fair_id: int) -> dict:
    fair = JobFair.objects.select_related("presenting_booth__organization").get(pk=fair_id)
    return {
        "fair": fair.pk,
        "presenting": _presenting(fair),
        "schedule": [
            {
                "booth": slot.booth_id,
                "employer": slot.booth.organization.name,
                "starts_at": timezone.localtime(slot.starts_at).isoformat(),
                "ends_at": timezone.localtime(slot.ends_at).isoformat(),
                "topic": slot.topic,
            }
            for slot in schedule(fair)
        ],
    }


def room_state(fair: JobFair, user) -> dict:
    """What an open room shows, as JSON: the shared part from the cache (rebuilt at most every
    STATE_CACHE_SECONDS, and at once after a switch), the viewer's own part added."""
    key = state_cache_key(fair.pk)
    state = cache.get(key)
    if state is None:
        state = _shared_state(fair.pk)
        cache.set(key, state, STATE_CACHE_SECONDS)
    applied = []
    presenting = state["presenting"]
    if presenting and user.is_authenticated:
        ids = [p["id"] for p in presenting["positions"]]
        applied = list(
            Application.objects.filter(veteran=user, position_id__in=ids).values_list("position_id", flat=True)
        )
    return {
        **state,
        "viewers": live_viewer_count(fair.pk),
        "applied": applied,
        "can_switch": can_switch_presenter(user, fair),
    }
