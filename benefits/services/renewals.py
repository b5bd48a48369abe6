"""Renewing a benefit card in place: the holder asks and staff decide, or staff renew at once.

What a renewal does (the same whoever asked):

- The card keeps its number and token_id, so the holder's printed code and QR keep working; nothing is reissued.
- New validity: a standard period (cards.validity_end, CARD_VALID_YEARS, as at issuance) that starts the day after
  the old end date when the card is renewed early (the holder loses no days) or today when it had already expired.
  valid_from becomes the renewal day, so the card verifies without a gap.
- An expired card becomes valid again (status active). Revoked, suspended and lost/replaced cards cannot be renewed,
  nor a card whose holder already has another current card; renewal opens RENEWAL_WINDOW_DAYS before expiry.
- History: the CardRenewal row keeps the end date before and after, who asked and who decided; the decision is
  also written to the AuditLog. expiry_notified_at is cleared so the holder is warned again before the new end.
- The holder gets an in-site notice whose event key names the renewal, so each renewal is told exactly once.

A holder's request waits for staff (bureaus review eligibility). Staff renewing on the card page or at the counter
for a veteran (代办) renew at once; a pending request of that card is approved by it rather than left open.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from benefits.models import RENEWAL_WINDOW_DAYS, Card, CardRenewal
from benefits.permissions import eligible_holder_kind
from benefits.services.cards import CARD_URL, validity_end
from portal.exceptions import AccessDenied
from portal.messages import Message
from portal.models import AuditLog
from portal.services.audit import audit_record
from portal.services.notifications import notify


def renewal_refusal(card: Card, *, today: datetime.date | None = None) -> str | None:
    """Why the card cannot be renewed today, as a translated message; None when it can. Pages use it to decide
    whether to offer the button; the services below raise it."""
    today = today or timezone.localdate()
    if card.status == Card.Status.REVOKED:
        return str(_("A revoked card cannot be renewed."))
    if card.status == Card.Status.SUSPENDED:
        return str(_("A suspended card cannot be renewed. Please contact your registration station."))
    if card.status == Card.Status.LOST:
        return str(_("This card was reported lost and replaced; renew the replacement card instead."))
    if Card.objects.filter(holder_id=card.holder_id).current().exclude(pk=card.pk).exists():
        return str(_("The holder already has a newer card."))
    if today < card.renewal_opens_on:
        return str(
            _("It is too early to renew this card: renewal opens on %(date)s, %(days)d days before it expires.")
            % {"date": card.renewal_opens_on.isoformat(), "days": RENEWAL_WINDOW_DAYS}
        )
    if eligible_holder_kind(card.holder) is None:
        return str(_("The holder's registration is not verified, so the card cannot be renewed."))
    return None


def _check_renewable(card: Card) -> None:
    refusal = renewal_refusal(card)
    if refusal:
        raise ValidationError(refusal)


def _lock_card(card: Card) -> Card:
    return Card.objects.select_for_update().select_related("holder").get(pk=card.pk)


@transaction.atomic
def card_renewal_request(*, card: Card, holder) -> CardRenewal:
    """The holder asks to renew their own card; staff approve or reject the request."""
    card = _lock_card(card)  # serializes requests for one card with staff decisions on it
    if card.holder_id != holder.pk:
        raise AccessDenied(_("This card is not yours."), hide=True)
    _check_renewable(card)
    if CardRenewal.objects.pending().filter(card=card).exists():
        raise ValidationError(_("You have already asked to renew this card; staff are reviewing the request."))
    try:
        with transaction.atomic():
            return CardRenewal.objects.create(card=card, requested_by=holder)
    except IntegrityError:  # the unique constraint: a concurrent request won
        raise ValidationError(_("You have already asked to renew this card; staff are reviewing the request."))


def _renew(card: Card, renewal: CardRenewal, staff) -> CardRenewal:
    """Extend the locked card and close `renewal` as approved. The caller holds the card's row lock."""
    _check_renewable(card)
    today = timezone.localdate()
    start = max(today, card.valid_until + datetime.timedelta(days=1))
    renewal.old_valid_until = card.valid_until
    card.valid_from, card.valid_until = today, validity_end(start)
    if card.status == Card.Status.EXPIRED:
        card.status, card.status_reason = Card.Status.ACTIVE, ""
    card.expiry_notified_at = None
    card.save(
        update_fields=["valid_from", "valid_until", "status", "status_reason", "expiry_notified_at", "updated_at"]
    )
    renewal.status, renewal.status_reason = CardRenewal.Status.APPROVED, ""
    renewal.new_valid_until = card.valid_until
    renewal.decided_by, renewal.decided_at = staff, timezone.now()
    renewal.save()
    audit_record(
        actor=staff,
        action=AuditLog.Action.APPROVE,
        target=card,
        detail={
            "what": "renew",
            "renewal": renewal.pk,
            "old_valid_until": renewal.old_valid_until.isoformat(),
            "new_valid_until": renewal.new_valid_until.isoformat(),
        },
    )
    notify(
        recipient=card.holder,
        event_key=f"benefits:card:{card.pk}:renewed:{renewal.pk}",
        kind="benefits_card",
        title=Message(_("Your benefit card has been renewed until %(date)s"), date=card.valid_until.isoformat()),
        body=Message(_("The card number and your printed code stay the same.")),
        url=CARD_URL,
    )
    return renewal


def _lock_pending(renewal: CardRenewal) -> CardRenewal:
    renewal = CardRenewal.objects.select_for_update().get(pk=renewal.pk)
    if not renewal.is_pending():
        raise ValidationError(_("This renewal request has already been decided."))
    return renewal


@transaction.atomic
def card_renewal_approve(*, renewal: CardRenewal, staff) -> CardRenewal:
    card = _lock_card(renewal.card)  # the card first, as everywhere, so two decisions cannot deadlock
    renewal = _lock_pending(renewal)
    return _renew(card, renewal, staff)


@transaction.atomic
def card_renewal_reject(*, renewal: CardRenewal, staff, reason: str) -> CardRenewal:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Please give a reason the holder can act on.")]})
    card = _lock_card(renewal.card)
    renewal = _lock_pending(renewal)
    renewal.status, renewal.status_reason = CardRenewal.Status.REJECTED, reason[:300]
    renewal.decided_by, renewal.decided_at = staff, timezone.now()
    renewal.save()
    audit_record(
        actor=staff, action=AuditLog.Action.REJECT, target=card, detail={"what": "renew", "renewal": renewal.pk}
    )
    notify(
        recipient=card.holder,
        event_key=f"benefits:card:{card.pk}:renewal-rejected:{renewal.pk}",
        kind="benefits_card",
        title=Message(_("Your benefit card renewal was not approved")),
        body=reason,
        url=CARD_URL,
    )
    return renewal


@transaction.atomic
def card_renew(*, card: Card, staff) -> CardRenewal:
    """Staff renew at once (card page, or at the counter for a veteran). A pending request of the card is the one
    approved; otherwise a new, approved renewal row records it."""
    card = _lock_card(card)
    renewal = CardRenewal.objects.select_for_update().pending().filter(card=card).first()
    if renewal is None:
        renewal = CardRenewal(card=card, requested_by=staff)
    return _renew(card, renewal, staff)
