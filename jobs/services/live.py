"""The live-stream fair room (直播带岗): who presents now, the schedule of presentation slots, the viewer count.

Viewers learn of a switch by polling a small JSON state (jobs.live_room.room_state, cached for a second or two)
every few seconds rather than through server-sent events: the web tier runs gunicorn sync workers, where each open
event stream would hold a whole worker, and a fair has thousands of viewers; a cached poll costs one cache read.
The viewer count lives in the cache only (Redis in production), from heartbeats, never in the database."""

import re

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobs.models import Booth, JobFair, PresentationSlot
from jobs.permissions import can_switch_presenter
from portal.exceptions import AccessDenied
from portal.models import AuditLog
from portal.permissions import is_bureau_staff
from portal.services.audit import audit_record

HEARTBEAT_SECONDS = 15  # how often an open room says it is still open (static/js/live-room.js)
VIEWER_BUCKET_SECONDS = 30  # a viewer is counted in each 30-second bucket they sent a heartbeat in
VIEWER_ID = re.compile(r"^[0-9a-f]{32}$")


def state_cache_key(fair_id: int) -> str:
    return f"jobs-live-state:{fair_id}"


def _forget_state(fair_id: int) -> None:
    """Drop the cached room state now and again once the change commits (a poll in between may have cached the
    state as it was before)."""
    cache.delete(state_cache_key(fair_id))
    transaction.on_commit(lambda: cache.delete(state_cache_key(fair_id)))


def _require_live_room(fair: JobFair) -> None:
    if not fair.has_live_room():
        raise ValidationError(_("Only a live-stream fair has a live room."))


def _approved_booth_of(fair: JobFair, booth: Booth | None) -> Booth | None:
    if booth is None:
        return None
    if booth.fair_id != fair.pk or not booth.is_approved():
        raise ValidationError({"booth": _("Choose an approved booth of this fair.")})
    return booth


@transaction.atomic
def fair_presenter_set(*, fair: JobFair, booth: Booth | None, actor, request=None) -> JobFair:
    """Put `booth` on the stream (None: nobody presents). Open rooms see it at their next poll."""
    fair = JobFair.objects.select_for_update().get(pk=fair.pk)
    _require_live_room(fair)
    if not can_switch_presenter(actor, fair, booth):
        raise AccessDenied(_("Only the fair's staff or the presenting employer can switch the presenter."))
    booth = _approved_booth_of(fair, booth)
    if fair.ends_at < timezone.now():
        raise ValidationError(_("This fair is over."))
    if (booth.pk if booth else None) == fair.presenting_booth_id:
        return fair
    previous = fair.presenting_booth_id
    fair.presenting_booth = booth
    fair.presenting_since = timezone.now() if booth else None
    fair.save(update_fields=["presenting_booth", "presenting_since"])
    audit_record(
        actor=actor,
        action=AuditLog.Action.OTHER,
        target=fair,
        detail={"event": "live_presenter_set", "from": previous, "to": booth.pk if booth else None},
        request=request,
    )
    _forget_state(fair.pk)
    return fair


def _slot_errors(fair: JobFair, starts_at, ends_at) -> dict:
    if not (starts_at and ends_at):
        return {}
    if ends_at <= starts_at:
        return {"ends_at": _("A presentation must end after it starts.")}
    if starts_at < fair.starts_at or ends_at > fair.ends_at:
        return {"starts_at": _("A presentation must lie within the fair's hours.")}
    clash = PresentationSlot.objects.filter(fair=fair, starts_at__lt=ends_at, ends_at__gt=starts_at).first()
    if clash is not None:
        return {
            "starts_at": _("%(employer)s presents then already; one employer presents at a time.")
            % {"employer": clash.booth.organization.name}
        }
    return {}


@transaction.atomic
def presentation_slot_add(
    *, fair: JobFair, booth: Booth, starts_at, ends_at, topic: str = "", staff, request=None
) -> PresentationSlot:
    """Staff schedule a booth's turn. The fair row is locked so two additions cannot both take one time."""
    if not is_bureau_staff(staff):
        raise AccessDenied(_("Only bureau staff can run job fairs."))
    fair = JobFair.objects.select_for_update().get(pk=fair.pk)
    _require_live_room(fair)
    if booth is None:
        raise ValidationError({"booth": _("Choose an approved booth of this fair.")})
    _approved_booth_of(fair, booth)
    errors = _slot_errors(fair, starts_at, ends_at)
    if errors:
        raise ValidationError(errors)
    slot = PresentationSlot(
        fair=fair, booth=booth, starts_at=starts_at, ends_at=ends_at, topic=(topic or "").strip()[:120]
    )
    slot.created_by = staff
    slot.full_clean()
    slot.save()
    audit_record(
        actor=staff,
        action=AuditLog.Action.OTHER,
        target=fair,
        detail={"event": "presentation_slot_add", "slot": slot.pk, "booth": booth.pk},
        request=request,
    )
    _forget_state(fair.pk)
    return slot


@transaction.atomic
def presentation_slot_remove(*, slot: PresentationSlot, staff, request=None) -> None:
    if not is_bureau_staff(staff):
        raise AccessDenied(_("Only bureau staff can run job fairs."))
    fair_id, slot_id = slot.fair_id, slot.pk
    slot.delete()
    audit_record(
        actor=staff,
        action=AuditLog.Action.OTHER,
        target=JobFair.objects.get(pk=fair_id),
        detail={"event": "presentation_slot_remove", "slot": slot_id},
        request=request,
    )
    _forget_state(fair_id)


def _bucket(now=None) -> int:
    return int((now or timezone.now()).timestamp()) // VIEWER_BUCKET_SECONDS


def live_viewer_heartbeat(*, fair_id: int, viewer: str, now=None) -> int:
    """Count `viewer` (the room's random id) as watching in this 30-second bucket, once; returns the count.
    Two atomic cache operations (add, incr), so concurrent heartbeats never lose a viewer."""
    if not VIEWER_ID.match(viewer or ""):
        raise ValidationError(_("This room link is not valid; reload the page."))
    bucket = _bucket(now)
    counter = f"jobs-live-viewers:{fair_id}:{bucket}"
    if cache.add(f"jobs-live-viewer:{fair_id}:{bucket}:{viewer}", 1, VIEWER_BUCKET_SECONDS * 3):
        cache.add(counter, 0, VIEWER_BUCKET_SECONDS * 3)
        try:
            cache.incr(counter)
        except ValueError:  # the counter expired between the two calls
            cache.set(counter, 1, VIEWER_BUCKET_SECONDS * 3)
    return live_viewer_count(fair_id, now=now)


def live_viewer_count(fair_id: int, *, now=None) -> int:
    """Viewers seen in the last full bucket or the current one, whichever is more (the current one fills up
    during its 30 seconds; every open room beats at least once in each)."""
    bucket = _bucket(now)
    counts = cache.get_many([f"jobs-live-viewers:{fair_id}:{b}" for b in (bucket, bucket - 1)])
    return max([int(v) for v in counts.values()] or [0])
