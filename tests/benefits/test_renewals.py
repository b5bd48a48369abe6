"""Renewing a card in place: the holder asks, staff approve or reject, or staff renew at once."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from benefits import tasks, tokens
from benefits.models import Card, CardRenewal
from benefits.services import cards as card_services
from benefits.services import renewals as renewal_services
from benefits.services.verification import card_verify
from portal.exceptions import AccessDenied
from portal.models import AuditLog, Notification, VeteranProfile
from tests import factories
from tests.benefits import factories as bf

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def refused(fn, **kwargs) -> str:
    """Call a service that must refuse; return its message (in English, to check it says why)."""
    with translation.override("en"):
        with pytest.raises(ValidationError) as exc:
            fn(**kwargs)
        return " ".join(exc.value.messages)


def test_validity_end_is_the_day_before_the_anniversary_even_from_29_february():
    assert card_services.validity_end(datetime.date(2025, 3, 10)) == datetime.date(2030, 3, 9)
    assert card_services.validity_end(datetime.date(2024, 2, 29)) == datetime.date(2029, 2, 28)
    assert card_services.validity_end(datetime.date(2024, 2, 29), years=4) == datetime.date(2028, 2, 28)


def test_holder_request_then_staff_approval_extends_the_same_card():
    card = bf.expiring_in(bf.issued_card(), 20)
    number, token_id, old_until = card.number, card.token_id, card.valid_until
    printed = tokens.printed_token(card.token_id)
    staff = factories.StaffFactory()

    renewal = renewal_services.card_renewal_request(card=card, holder=card.holder)
    assert renewal.is_pending() and renewal.requested_by == card.holder
    card.refresh_from_db()
    assert card.valid_until == old_until  # nothing changes until staff decide

    renewal_services.card_renewal_approve(renewal=renewal, staff=staff)
    card.refresh_from_db()
    renewal.refresh_from_db()
    # Same card, same number and codes; a standard period from the day after the old end (no days lost).
    assert (card.number, card.token_id) == (number, token_id)
    assert card.valid_from == today()
    assert card.valid_until == card_services.validity_end(old_until + datetime.timedelta(days=1))
    assert card.status == Card.Status.ACTIVE and card.is_valid()
    assert Card.objects.filter(holder=card.holder).count() == 1
    # History: the renewal row, the audit log and one notice for this renewal.
    assert renewal.status == CardRenewal.Status.APPROVED and renewal.decided_by == staff
    assert (renewal.old_valid_until, renewal.new_valid_until) == (old_until, card.valid_until)
    entry = AuditLog.objects.get(action=AuditLog.Action.APPROVE, target_id=str(card.pk), detail__what="renew")
    assert entry.actor == staff and entry.detail["new_valid_until"] == card.valid_until.isoformat()
    assert Notification.objects.filter(
        recipient=card.holder, event_key=f"benefits:card:{card.pk}:renewed:{renewal.pk}"
    ).exists()
    # The code printed before the renewal still verifies.
    assert card_verify(token=printed, merchant=bf.merchant()).status == "valid"


def test_expired_card_is_renewed_from_today_and_becomes_valid_again():
    card = bf.expiring_in(bf.issued_card(), -3)
    assert card_services.cards_expire() == 1
    card.refresh_from_db()
    printed = tokens.printed_token(card.token_id)
    merchant = bf.merchant()
    assert card.status == Card.Status.EXPIRED and card_verify(token=printed, merchant=merchant).status == "expired"

    renewal = renewal_services.card_renewal_request(card=card, holder=card.holder)
    renewal_services.card_renewal_approve(renewal=renewal, staff=factories.StaffFactory())
    card.refresh_from_db()
    assert card.status == Card.Status.ACTIVE and card.status_reason == ""
    assert (card.valid_from, card.valid_until) == (today(), card_services.validity_end(today()))
    assert card_verify(token=printed, merchant=merchant).status == "valid"
    assert card_verify(token=tokens.dynamic_token(card.token_id), merchant=merchant).status == "valid"


def test_active_card_past_its_end_date_before_the_beat_ran_can_be_renewed():
    card = bf.expiring_in(bf.issued_card(), -1)
    assert card.status == Card.Status.ACTIVE and not card.is_valid()
    renewal_services.card_renew(card=card, staff=factories.StaffFactory())
    card.refresh_from_db()
    assert card.is_valid() and card.valid_until == card_services.validity_end(today())


def test_too_early_is_refused_until_60_days_before_expiry():
    card = bf.issued_card()  # valid for five years
    message = refused(renewal_services.card_renewal_request, card=card, holder=card.holder)
    assert "too early" in message and card.renewal_opens_on.isoformat() in message
    refused(renewal_services.card_renew, card=card, staff=factories.StaffFactory())
    bf.expiring_in(card, 61)
    assert "too early" in refused(renewal_services.card_renewal_request, card=card, holder=card.holder)
    assert not CardRenewal.objects.exists()
    bf.expiring_in(card, 60)  # the first day of the window
    assert renewal_services.card_renewal_request(card=card, holder=card.holder).is_pending()


@pytest.mark.parametrize("state", ["revoked", "suspended", "lost"])
def test_revoked_suspended_and_replaced_cards_cannot_be_renewed(state):
    staff = factories.StaffFactory()
    card = bf.expiring_in(bf.issued_card(staff=staff), 10)
    if state == "revoked":
        card_services.card_revoke(card=card, staff=staff, reason="冒名申领")
        expected = "revoked"
    elif state == "suspended":
        card_services.card_suspend(card=card, staff=staff, reason="核查身份")
        expected = "suspended"
    else:
        card_services.card_report_lost(card=card, actor=card.holder)
        expected = "replaced"
    card.refresh_from_db()
    assert expected in refused(renewal_services.card_renewal_request, card=card, holder=card.holder)
    assert expected in refused(renewal_services.card_renew, card=card, staff=staff)
    assert not CardRenewal.objects.exists()


def test_suspended_card_stays_suspended_past_its_end_date_so_expiry_cannot_launder_it():
    staff = factories.StaffFactory()
    card = bf.issued_card(staff=staff)
    card_services.card_suspend(card=card, staff=staff, reason="核查身份")
    bf.expiring_in(card, -1)
    assert card_services.cards_expire() == 0
    card.refresh_from_db()
    assert card.status == Card.Status.SUSPENDED
    assert "suspended" in refused(renewal_services.card_renewal_request, card=card, holder=card.holder)


def test_a_card_superseded_by_a_newer_card_cannot_be_renewed():
    card = bf.expiring_in(bf.issued_card(), -5, status=Card.Status.EXPIRED)
    newer = card_services.card_application_approve(
        application=card_services.card_application_submit(
            applicant=card.holder, photo=bf.photo_upload(), station=bf.station()
        ),
        staff=factories.StaffFactory(),
    )
    assert newer.pk != card.pk
    assert "newer card" in refused(renewal_services.card_renewal_request, card=card, holder=card.holder)


def test_unverified_holder_cannot_renew():
    card = bf.expiring_in(bf.issued_card(), 10)
    VeteranProfile.objects.filter(user=card.holder).update(status=VeteranProfile.Status.REJECTED)
    assert "not verified" in refused(renewal_services.card_renewal_request, card=card, holder=card.holder)


def test_duplicate_pending_request_is_refused_and_the_database_refuses_it_too():
    card = bf.expiring_in(bf.issued_card(), 10)
    renewal_services.card_renewal_request(card=card, holder=card.holder)
    assert "already asked" in refused(renewal_services.card_renewal_request, card=card, holder=card.holder)
    with pytest.raises(IntegrityError), transaction.atomic():
        CardRenewal.objects.create(card=card, requested_by=card.holder)
    assert CardRenewal.objects.count() == 1


def test_another_holders_card_cannot_be_renewed():
    card, other = bf.expiring_in(bf.issued_card(), 10), bf.issued_card()
    with translation.override("en"), pytest.raises(AccessDenied, match="not yours") as exc:
        renewal_services.card_renewal_request(card=card, holder=other.holder)
    assert exc.value.hide  # another holder's card is answered as one that does not exist
    assert not CardRenewal.objects.exists()


def test_reject_needs_a_reason_notifies_and_the_holder_may_ask_again():
    card = bf.expiring_in(bf.issued_card(), 10)
    staff = factories.StaffFactory()
    renewal = renewal_services.card_renewal_request(card=card, holder=card.holder)
    refused(renewal_services.card_renewal_reject, renewal=renewal, staff=staff, reason="  ")
    renewal_services.card_renewal_reject(renewal=renewal, staff=staff, reason="请先更新退役报到信息")
    renewal.refresh_from_db()
    assert renewal.status == CardRenewal.Status.REJECTED and renewal.status_reason == "请先更新退役报到信息"
    assert Notification.objects.filter(recipient=card.holder, body="请先更新退役报到信息").exists()
    assert "already been decided" in refused(renewal_services.card_renewal_approve, renewal=renewal, staff=staff)
    card.refresh_from_db()
    assert card.valid_until == today() + datetime.timedelta(days=10)
    assert renewal_services.card_renewal_request(card=card, holder=card.holder).is_pending()


def test_staff_renewal_approves_the_pending_request_instead_of_leaving_it_open():
    card = bf.expiring_in(bf.issued_card(), 10)
    staff = factories.StaffFactory()
    request = renewal_services.card_renewal_request(card=card, holder=card.holder)
    renewal = renewal_services.card_renew(card=card, staff=staff)
    assert renewal.pk == request.pk and renewal.status == CardRenewal.Status.APPROVED
    assert CardRenewal.objects.count() == 1 and not CardRenewal.objects.pending().exists()


def test_staff_renewal_without_a_request_records_history_and_each_renewal_notifies_once():
    card = bf.expiring_in(bf.issued_card(), 30)
    staff = factories.StaffFactory()
    first = renewal_services.card_renew(card=card, staff=staff)
    assert first.requested_by == staff and first.decided_by == staff
    bf.expiring_in(card, 5)  # years later, near the end again
    second = renewal_services.card_renew(card=card, staff=staff)
    keys = set(
        Notification.objects.filter(recipient=card.holder, event_key__contains=":renewed:").values_list(
            "event_key", flat=True
        )
    )
    assert keys == {f"benefits:card:{card.pk}:renewed:{first.pk}", f"benefits:card:{card.pk}:renewed:{second.pk}"}
    assert list(card.renewals.filter(status="approved").order_by("pk")) == [first, second]
    assert AuditLog.objects.filter(target_id=str(card.pk), detail__what="renew").count() == 2


def test_expiry_notice_is_not_resent_after_renewal_but_comes_again_before_the_new_end():
    card = bf.expiring_in(bf.issued_card(), 20)
    assert tasks.notify_expiring_cards.delay().get() == 1
    assert tasks.notify_expiring_cards.delay().get() == 0  # once per period
    renewal_services.card_renew(card=card, staff=factories.StaffFactory())
    card.refresh_from_db()
    assert card.expiry_notified_at is None
    assert tasks.notify_expiring_cards.delay().get() == 0  # the new end is years away
    assert card_services.cards_notify_expiring(today=card.valid_until - datetime.timedelta(days=10)) == 1
    notices = Notification.objects.filter(recipient=card.holder, event_key__contains=":expiring:")
    assert notices.count() == 2 and notices.filter(event_key__endswith=card.valid_until.isoformat()).exists()


def test_holders_who_already_asked_are_not_reminded_of_expiry():
    card = bf.expiring_in(bf.issued_card(), 20)
    renewal_services.card_renewal_request(card=card, holder=card.holder)
    assert card_services.cards_notify_expiring() == 0
    assert not Notification.objects.filter(event_key__contains=":expiring").exists()


def test_pending_request_follows_a_lost_card_and_is_closed_when_the_card_is_revoked():
    staff = factories.StaffFactory()
    card = bf.expiring_in(bf.issued_card(staff=staff), 10)
    renewal = renewal_services.card_renewal_request(card=card, holder=card.holder)
    replacement = card_services.card_report_lost(card=card, actor=card.holder)
    renewal.refresh_from_db()
    assert renewal.card == replacement and renewal.is_pending()
    printed = tokens.printed_token(replacement.token_id)
    renewal_services.card_renewal_approve(renewal=renewal, staff=staff)
    replacement.refresh_from_db()
    assert replacement.valid_until > today() + datetime.timedelta(days=365)
    assert card_verify(token=printed, merchant=bf.merchant()).status == "valid"

    other = bf.expiring_in(bf.issued_card(staff=staff), 10)
    pending = renewal_services.card_renewal_request(card=other, holder=other.holder)
    card_services.card_revoke(card=other, staff=staff, reason="冒名申领")
    pending.refresh_from_db()
    assert pending.status == CardRenewal.Status.REJECTED and pending.status_reason == "冒名申领"


def test_approval_is_refused_when_the_card_was_suspended_after_the_request():
    staff = factories.StaffFactory()
    card = bf.expiring_in(bf.issued_card(staff=staff), 10)
    renewal = renewal_services.card_renewal_request(card=card, holder=card.holder)
    card_services.card_suspend(card=card, staff=staff, reason="核查身份")
    assert "suspended" in refused(renewal_services.card_renewal_approve, renewal=renewal, staff=staff)
    renewal.refresh_from_db()
    assert renewal.is_pending()
    card.refresh_from_db()
    assert card.valid_until == today() + datetime.timedelta(days=10)


def test_no_fresh_application_while_a_renewal_is_pending():
    card = bf.expiring_in(bf.issued_card(), -2)
    card_services.cards_expire()
    card.refresh_from_db()
    renewal_services.card_renewal_request(card=card, holder=card.holder)
    message = refused(
        card_services.card_application_submit, applicant=card.holder, photo=bf.photo_upload(), station=bf.station()
    )
    assert "renew" in message


def test_personal_data_export_lists_renewals():
    from portal.pillars import get_pillar

    card = bf.expiring_in(bf.issued_card(), 10)
    renewal_services.card_renewal_request(card=card, holder=card.holder)
    data = get_pillar("benefits").personal_data_export(card.holder)
    assert data["renewals"][0]["card"] == card.number and data["renewals"][0]["status"] == "pending"
