"""Every write of counselling and legal aid: marking providers, asking, assigning, adding slots, booking, outcome
notes, closing and rating. Pages and admin actions call these; access is checked by the callers through
portal.counsel.permissions and again here where a wrong party would corrupt a record. Each write is audited
without content (the audit log is read by other staff)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.counsel import permissions
from portal.counsel.models import CounselRequest, Kind, OutcomeNote, Provider, Slot
from portal.models import AuditLog
from portal.permissions import is_bureau_staff
from portal.services.audit import audit_record

Status = CounselRequest.Status


def _audit(actor, target, what: str, action=AuditLog.Action.OTHER) -> None:
    audit_record(actor=actor, action=action, target=target, detail={"counsel": what})


def audit_read(*, user, request, what: str = "read") -> None:
    """Every read of a request's content is logged (UNMASK: personal content shown)."""
    _audit(user, request, what, action=AuditLog.Action.UNMASK)


def _text(value, field: str, message: str, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    if len(value) > limit:
        raise ValidationError({field: _("Keep it under %(limit)d characters.") % {"limit": limit}})
    return value


@transaction.atomic
def provider_mark(*, user, staff_user, kind: str, organization=None) -> Provider:
    if not is_bureau_staff(staff_user):
        raise ValidationError(_("Only the bureau's staff mark counsellors and lawyers."))
    if kind not in Provider.Kind.values:
        raise ValidationError({"kind": _("Choose counsellor or lawyer.")})
    provider, _created = Provider.objects.update_or_create(
        user=user, defaults={"kind": kind, "organization": organization, "active": True, "marked_by": staff_user}
    )
    _audit(staff_user, provider, "provider marked", action=AuditLog.Action.ACCESS)
    return provider


@transaction.atomic
def provider_retire(*, provider: Provider, staff_user, reason: str) -> Provider:
    """Stop assigning new requests to a provider; requests already assigned stay with them."""
    if not is_bureau_staff(staff_user):
        raise ValidationError(_("Only the bureau's staff mark counsellors and lawyers."))
    provider = Provider.objects.select_for_update().get(pk=provider.pk)
    if not provider.active:
        raise ValidationError(_("This provider is already no longer assigned requests."))
    provider.active = False
    provider.save(update_fields=["active"])
    _audit(staff_user, provider, f"provider retired: {reason.strip()[:200]}", action=AuditLog.Action.ACCESS)
    return provider


@transaction.atomic
def request_create(*, user, kind: str, description: str, preferred_times: str) -> CounselRequest:
    if not permissions.can_request(user):
        raise ValidationError(_("Only veterans and military family members can ask for counselling or legal aid."))
    if kind not in Kind.values:
        raise ValidationError({"kind": _("Choose counselling or legal aid.")})
    description = _text(description, "description", _("Describe briefly what you need help with."), 2000)
    preferred = _text(preferred_times, "preferred_times", _("Say when you would prefer to meet."), 200)
    request = CounselRequest.objects.create(
        requester=user, kind=kind, description=description, preferred_times=preferred
    )
    _audit(user, request, "asked")
    return request


@transaction.atomic
def request_assign(*, request: CounselRequest, staff_user, provider: Provider) -> CounselRequest:
    """Assign a provider; the staff member who assigns becomes the request's assigned staff member."""
    request = CounselRequest.objects.select_for_update().get(pk=request.pk)
    if not permissions.can_assign(staff_user, request):
        raise ValidationError(_("This request already has a provider."))
    if provider is None or not provider.active:
        raise ValidationError({"provider": _("Choose an active counsellor or lawyer.")})
    if not provider.serves(request.kind):
        raise ValidationError({"provider": _("A counselling request goes to a counsellor, legal aid to a lawyer.")})
    if provider.user_id == request.requester_id:
        raise ValidationError({"provider": _("The requester cannot be their own provider.")})
    request.provider, request.assigned_staff, request.status = provider, staff_user, Status.ASSIGNED
    request.save(update_fields=["provider", "assigned_staff", "status"])
    _audit(staff_user, request, "assigned")
    return request


def slot_add(*, provider: Provider, starts_at, minutes: int, place: str) -> Slot:
    if starts_at is None or starts_at <= timezone.now():
        raise ValidationError({"starts_at": _("A slot starts in the future.")})
    if not 15 <= (minutes or 0) <= 240:
        raise ValidationError({"minutes": _("A slot lasts 15 to 240 minutes.")})
    place = _text(place, "place", _("Say where (or how: phone, video) you meet."), 200)
    try:
        with transaction.atomic():
            slot = Slot.objects.create(provider=provider, starts_at=starts_at, minutes=minutes, place=place)
    except IntegrityError:
        raise ValidationError({"starts_at": _("You already have a slot at this time.")}) from None
    _audit(provider.user, slot, "slot added")
    return slot


def open_slots(provider: Provider):
    return Slot.objects.filter(provider=provider, starts_at__gt=timezone.now(), booking__isnull=True)


def request_book(*, request: CounselRequest, user, slot: Slot) -> CounselRequest:
    """Book one of the assigned provider's free slots. The slot row is locked and the request's slot is unique,
    so of two requests racing for one slot exactly one wins."""
    try:
        with transaction.atomic():
            slot = Slot.objects.select_for_update().get(pk=slot.pk)
            request = CounselRequest.objects.select_for_update().get(pk=request.pk)
            if not permissions.can_book(user, request):
                raise ValidationError(_("Only the requester books the appointment."))
            if not request.can_be_booked():
                raise ValidationError(_("An appointment can be booked once a provider is assigned, and only once."))
            if slot.provider_id != request.provider_id or slot.starts_at <= timezone.now():
                raise ValidationError({"slot": _("Choose one of your provider's free slots.")})
            if CounselRequest.objects.filter(slot=slot).exists():
                raise ValidationError({"slot": _("This slot has just been booked; choose another.")})
            request.slot, request.status = slot, Status.BOOKED
            request.save(update_fields=["slot", "status"])
    except IntegrityError:
        raise ValidationError({"slot": _("This slot has just been booked; choose another.")}) from None
    _audit(user, request, "booked")
    return request


@transaction.atomic
def note_add(*, request: CounselRequest, user, text: str, shareable: bool) -> OutcomeNote:
    request = CounselRequest.objects.select_for_update().get(pk=request.pk)
    if not permissions.can_record_outcome(user, request):
        raise ValidationError(_("Only the assigned provider records outcomes."))
    if request.is_closed():
        raise ValidationError(_("This request is closed."))
    text = _text(text, "text", _("Write the outcome."), 4000)
    note = OutcomeNote.objects.create(request=request, author=user, text=text, shareable=bool(shareable))
    _audit(user, request, "outcome recorded")
    return note


@transaction.atomic
def request_close(*, request: CounselRequest, user) -> CounselRequest:
    request = CounselRequest.objects.select_for_update().get(pk=request.pk)
    if not permissions.can_record_outcome(user, request):
        raise ValidationError(_("Only the assigned provider closes the request."))
    if request.is_closed():
        raise ValidationError(_("This request is closed."))
    if not request.notes.exists():
        raise ValidationError(_("Record the outcome before closing."))
    request.status, request.closed_at = Status.CLOSED, timezone.now()
    request.save(update_fields=["status", "closed_at"])
    _audit(user, request, "closed")
    return request


@transaction.atomic
def request_rate(*, request: CounselRequest, user, rating) -> CounselRequest:
    request = CounselRequest.objects.select_for_update().get(pk=request.pk)
    if not permissions.can_rate(user, request):
        raise ValidationError(_("Only the requester rates the help."))
    if not request.is_closed():
        raise ValidationError(_("You can rate the help once the request is closed."))
    if request.rating is not None:
        raise ValidationError(_("You have already rated this request."))
    if rating not in (1, 2, 3, 4, 5):
        raise ValidationError({"rating": _("Choose a rating from 1 to 5.")})
    request.rating = rating
    request.save(update_fields=["rating"])
    _audit(user, request, "rated")
    return request
