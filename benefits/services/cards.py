"""Writes on card applications and cards: apply, review, issue, report lost/reissue, suspend, revoke, expire.
Renewing a card in place is in benefits.services.renewals."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from benefits.models import Card, CardApplication, CardRenewal, new_token_id
from benefits.permissions import eligible_holder_kind
from portal.messages import Message
from portal.models import AuditLog, FamilyMemberProfile, VeteranProfile
from portal.services.audit import audit_record
from portal.services.notifications import notify
from portal.services.status_history import status_change_record
from portal.uploads import image_sanitize

CARD_VALID_YEARS = 5
CARD_URL = "/benefits/card/"


def _checked_photo(photo):
    """Checked by content, bytes and pixels, and re-encoded without EXIF/GPS (portal.uploads.image_sanitize)."""
    try:
        return image_sanitize(photo, name="photo")
    except ValidationError as exc:
        raise ValidationError({"photo": exc.messages})


def _holder_name(user, kind: str) -> str:
    model = VeteranProfile if kind == "veteran" else FamilyMemberProfile
    return model.objects.get(user=user).real_name


@transaction.atomic
def card_application_submit(*, applicant, photo, station, acting_staff=None) -> CardApplication:
    """Apply for a card. `acting_staff` is a staff member filing it at a service station (代办): the application
    records who filed it, and the calling view writes the act with portal.staff.services.acting_record (so it
    shows in the workbench's acting-for history and on the veteran's /me/)."""
    kind = eligible_holder_kind(applicant)
    if kind is None:
        raise ValidationError(
            _("Only verified veterans, or family members whose link to a veteran is verified, can apply.")
        )
    if CardApplication.objects.select_for_update().filter(applicant=applicant).open().exists():
        raise ValidationError(_("You already have an application under review."))
    if Card.objects.for_holder(applicant).current().exists():
        raise ValidationError(_("You already hold a card. Report it lost if you need a new one."))
    if CardRenewal.objects.pending().filter(card__holder=applicant).exists():
        raise ValidationError(_("You have asked to renew your card; staff are reviewing the request."))
    application = CardApplication(
        applicant=applicant,
        holder_kind=kind,
        photo=_checked_photo(photo),
        station=station,
        submitted_by_staff=acting_staff,
    )
    application.full_clean(exclude=["photo"])
    application.save()
    status_change_record(
        subject=application, from_status="", to_status=application.status, actor=acting_staff or applicant
    )
    return application


@transaction.atomic
def card_application_correct(*, application: CardApplication, photo=None, station=None) -> CardApplication:
    """The applicant answers a correction request with a new photo and/or station; it goes back to review."""
    application = CardApplication.objects.select_for_update().get(pk=application.pk)
    if application.status != CardApplication.Status.CORRECTION:
        raise ValidationError(_("This application is not waiting for a correction."))
    if photo is not None:
        application.photo = _checked_photo(photo)  # the replaced file is deleted on commit (SanitizedImageField)
    if station is not None:
        application.station = station
    application.status = CardApplication.Status.SUBMITTED
    application.save()
    status_change_record(
        subject=application,
        from_status=CardApplication.Status.CORRECTION,
        to_status=application.status,
        actor=application.applicant,
    )
    return application


def _lock_open(application: CardApplication) -> CardApplication:
    application = CardApplication.objects.select_for_update().get(pk=application.pk)
    if not application.is_open():
        raise ValidationError(_("This card application has already been decided."))
    return application


def _notify_outcome(application: CardApplication, title, body="") -> None:
    notify(
        recipient=application.applicant,
        event_key=f"benefits:application:{application.pk}:{application.status}:{timezone.now():%Y%m%d%H%M%S}",
        kind="benefits_application",
        title=title,
        body=body,
        url="/benefits/apply/" if application.status != CardApplication.Status.APPROVED else CARD_URL,
    )


def validity_end(start: datetime.date, years: int = CARD_VALID_YEARS) -> datetime.date:
    """The last day of a standard validity period of `years` starting on `start` (the day before the anniversary;
    a period starting on 29 February ends on 28 February)."""
    try:
        anniversary = start.replace(year=start.year + years)
    except ValueError:  # 29 February in a year that has none
        anniversary = start.replace(year=start.year + years, day=28) + datetime.timedelta(days=1)
    return anniversary - datetime.timedelta(days=1)


def _assign_number(card: Card) -> None:
    # Derived from the primary key, so it is unique without a retry loop: city code + year + serial.
    card.number = f"{card.station.code[:4]}{card.issued_at:%y}{card.pk:07d}"
    Card.objects.filter(pk=card.pk).update(number=card.number)


def _issue_card(*, holder, kind, name, photo, station, staff, valid_from, valid_until, application=None, previous=None):
    token_id = new_token_id()
    card = Card.objects.create(
        number=f"t{token_id}",  # placeholder until the primary key is known
        token_id=token_id,
        holder=holder,
        holder_kind=kind,
        holder_name=name,
        application=application,
        photo=photo,
        station=station,
        valid_from=valid_from,
        valid_until=valid_until,
        issued_by=staff,
        previous=previous,
    )
    _assign_number(card)
    return card


@transaction.atomic
def card_application_approve(*, application: CardApplication, staff, valid_years: int = CARD_VALID_YEARS) -> Card:
    application = _lock_open(application)
    if Card.objects.for_holder(application.applicant).current().exists():
        raise ValidationError(_("The applicant already holds a card."))
    today = timezone.localdate()
    card = _issue_card(
        holder=application.applicant,
        kind=application.holder_kind,
        name=_holder_name(application.applicant, application.holder_kind),
        photo=application.photo.name,
        station=application.station,
        staff=staff,
        valid_from=today,
        valid_until=validity_end(today, valid_years),
        application=application,
    )
    from_status = application.status
    application.status = CardApplication.Status.APPROVED
    application.status_reason = ""
    application.reviewed_by, application.reviewed_at = staff, timezone.now()
    application.save()
    status_change_record(subject=application, from_status=from_status, to_status=application.status, actor=staff)
    audit_record(actor=staff, action=AuditLog.Action.APPROVE, target=application, detail={"card": card.pk})
    _notify_outcome(
        application,
        Message(_("Your benefit card has been issued")),
        Message(_("Open the card page to show it at partner merchants.")),
    )
    return card


def _decide_with_reason(application, staff, reason, status) -> CardApplication:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Please give a reason the applicant can act on.")]})
    application = _lock_open(application)
    from_status = application.status
    application.status = status
    application.status_reason = reason[:300]
    application.reviewed_by, application.reviewed_at = staff, timezone.now()
    application.save()
    status_change_record(subject=application, from_status=from_status, to_status=status, actor=staff, note=reason)
    return application


@transaction.atomic
def card_application_reject(*, application: CardApplication, staff, reason: str) -> CardApplication:
    application = _decide_with_reason(application, staff, reason, CardApplication.Status.REJECTED)
    audit_record(actor=staff, action=AuditLog.Action.REJECT, target=application, detail={"reason": reason})
    _notify_outcome(application, Message(_("Your benefit card application was not approved")), reason)
    return application


@transaction.atomic
def card_application_request_correction(*, application: CardApplication, staff, reason: str) -> CardApplication:
    application = _decide_with_reason(application, staff, reason, CardApplication.Status.CORRECTION)
    _notify_outcome(application, Message(_("Please correct your benefit card application")), reason)
    return application


def _lock_card(card: Card) -> Card:
    return Card.objects.select_for_update().get(pk=card.pk)


def _notify_card(card: Card, event: str, title, body="") -> None:
    notify(
        recipient=card.holder,
        event_key=f"benefits:card:{card.pk}:{event}:{timezone.now():%Y%m%d%H%M%S}",
        kind="benefits_card",
        title=title,
        body=body,
        url=CARD_URL,
    )


@transaction.atomic
def card_report_lost(*, card: Card, actor) -> Card:
    """Lost card: the old number stops verifying at once and a replacement with a new number is issued.
    The old card stays (status lost, linked to its replacement), so its uses remain in the history."""
    card = _lock_card(card)
    if not card.can_be_reported_lost():
        raise ValidationError(_("Only a valid or suspended card can be reported lost."))
    card.status = Card.Status.LOST
    card.status_reason = _("Reported lost")
    card.save(update_fields=["status", "status_reason", "updated_at"])
    new_card = _issue_card(
        holder=card.holder,
        kind=card.holder_kind,
        name=card.holder_name,
        photo=card.photo.name,
        station=card.station,
        staff=actor if actor.pk != card.holder_id else None,
        valid_from=timezone.localdate(),
        valid_until=card.valid_until,
        application=card.application,
        previous=card,
    )
    # A renewal request waiting for staff follows the card to its replacement.
    CardRenewal.objects.pending().filter(card=card).update(card=new_card)
    _notify_card(
        card,
        "lost",
        Message(_("Your card was reported lost and replaced")),
        Message(_("The old card number no longer works. Your new card is ready on the card page.")),
    )
    return new_card


@transaction.atomic
def card_suspend(*, card: Card, staff, reason: str) -> Card:
    card = _lock_card(card)
    if not card.can_be_suspended():
        raise ValidationError(_("Only a valid card can be suspended."))
    card.status, card.status_reason = Card.Status.SUSPENDED, (reason or "").strip()[:300]
    card.save(update_fields=["status", "status_reason", "updated_at"])
    audit_record(actor=staff, action=AuditLog.Action.OTHER, target=card, detail={"what": "suspend", "reason": reason})
    _notify_card(card, "suspended", Message(_("Your benefit card has been suspended")), card.status_reason)
    return card


@transaction.atomic
def card_reinstate(*, card: Card, staff) -> Card:
    card = _lock_card(card)
    if not card.can_be_reinstated():
        raise ValidationError(_("Only a suspended card can be reinstated."))
    card.status, card.status_reason = Card.Status.ACTIVE, ""
    card.save(update_fields=["status", "status_reason", "updated_at"])
    audit_record(actor=staff, action=AuditLog.Action.OTHER, target=card, detail={"what": "reinstate"})
    return card


@transaction.atomic
def card_revoke(*, card: Card, staff, reason: str) -> Card:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Please give the reason for revoking the card.")]})
    card = _lock_card(card)
    if not card.can_be_revoked():
        raise ValidationError(_("This card is no longer in use."))
    card.status, card.status_reason = Card.Status.REVOKED, reason[:300]
    card.save(update_fields=["status", "status_reason", "updated_at"])
    CardRenewal.objects.pending().filter(card=card).update(
        status=CardRenewal.Status.REJECTED, status_reason=reason[:300], decided_by=staff, decided_at=timezone.now()
    )
    audit_record(actor=staff, action=AuditLog.Action.OTHER, target=card, detail={"what": "revoke", "reason": reason})
    _notify_card(card, "revoked", Message(_("Your benefit card has been revoked")), reason)
    return card


def cards_expire(*, today=None) -> int:
    """Mark valid cards past their validity as expired (beat task). A rerun finds nothing left to do.

    A suspended card stays suspended (it verifies as suspended either way): an expired card can be renewed, and
    expiry must not wipe out a suspension staff have not lifted. Reinstated after its end date, it expires here."""
    today = today or timezone.localdate()
    return Card.objects.filter(status=Card.Status.ACTIVE, valid_until__lt=today).update(
        status=Card.Status.EXPIRED, updated_at=timezone.now()
    )


def cards_notify_expiring(*, today=None, days: int = 30) -> int:
    """Tell holders whose valid card expires within `days`, once per validity period: the notice's key names the
    card and its end date, and renewal clears expiry_notified_at, so a renewed card is told again before its new
    end date and never twice about the same one. Holders who already asked to renew are not reminded."""
    today = today or timezone.localdate()
    due = (
        Card.objects.filter(
            status=Card.Status.ACTIVE,
            valid_until__gte=today,
            valid_until__lte=today + datetime.timedelta(days=days),
            expiry_notified_at__isnull=True,
        )
        .exclude(renewals__status=CardRenewal.Status.PENDING)
        .select_related("holder")
    )
    count = 0
    for card in due.iterator():
        with transaction.atomic():
            notify(
                recipient=card.holder,
                event_key=f"benefits:card:{card.pk}:expiring:{card.valid_until.isoformat()}",
                kind="benefits_card",
                title=Message(_("Your benefit card expires on %(date)s"), date=card.valid_until.isoformat()),
                body=Message(_("You can ask to renew it on the card page; it keeps its number and code.")),
                url=CARD_URL,
            )
            Card.objects.filter(pk=card.pk).update(expiry_notified_at=timezone.now())
        count += 1
    return count
