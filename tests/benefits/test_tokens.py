"""The card's codes: authentic, short-lived, no personal data, unforgeable."""

import time

import pytest

from benefits import tokens
from benefits.services import cards as card_services
from benefits.services.verification import card_verify
from tests.benefits import factories as bf


def test_dynamic_token_round_trip_and_lifetime():
    token = tokens.dynamic_token("0123456789abcdef")
    assert tokens.parse_token(token).token_id == "0123456789abcdef"
    assert tokens.parse_token(token.upper()).token_id == "0123456789abcdef"  # typed in capitals
    later = time.time() + 2 * tokens.STEP_SECONDS
    parsed = tokens.parse_token(token, now=later)
    assert parsed.token_id is None and parsed.expired


def test_future_and_tampered_tokens_are_refused():
    future = tokens.dynamic_token("0123456789abcdef", now=time.time() + 600)
    assert tokens.parse_token(future).token_id is None
    token = tokens.dynamic_token("0123456789abcdef")
    other_id = token.replace("0123456789abcdef", "0123456789abcdee")
    assert tokens.parse_token(other_id).token_id is None
    assert tokens.parse_token(token[:-1] + ("0" if token[-1] != "0" else "1")).token_id is None
    assert tokens.parse_token("p.0123456789abcdef." + "0" * 20).token_id is None
    assert tokens.parse_token("").token_id is None
    assert tokens.parse_token("x" * 5000).token_id is None


@pytest.mark.django_db
def test_token_contains_no_personal_data():
    card = bf.issued_card(profile__real_name="王建国")
    profile = card.holder.veteran_profile
    dynamic, printed = tokens.dynamic_token(card.token_id), tokens.printed_token(card.token_id)
    # Structure: a random id, the time step and a MAC, nothing else.
    prefix, token_id, step, _mac = dynamic.split(".")
    assert (prefix, token_id, int(step, 36)) == ("d", card.token_id, tokens.current_step())
    assert printed.split(".")[:2] == ["p", card.token_id] and len(printed.split(".")) == 3
    for token in (dynamic, printed):
        for secret in (
            card.number,
            card.number[-6:],
            profile.get_id_number(),
            "王建国",
            card.holder.username,
            profile.phone,
        ):
            assert secret.lower() not in token


@pytest.mark.django_db
def test_valid_expired_other_and_forged_tokens():
    card = bf.issued_card()
    merchant = bf.merchant()
    assert card_verify(token=tokens.dynamic_token(card.token_id), merchant=merchant).status == "valid"
    assert card_verify(token=tokens.printed_token(card.token_id), merchant=merchant).status == "valid"
    old = tokens.dynamic_token(card.token_id, now=time.time() - 3 * tokens.STEP_SECONDS)
    assert card_verify(token=old, merchant=merchant).status == "unknown"
    # A correctly formed token for an id no card has, and a token signed with another key.
    assert card_verify(token=tokens.dynamic_token("ffffffffffffffff"), merchant=merchant).status == "unknown"


@pytest.mark.django_db
def test_forged_with_other_secret_key(settings):
    card = bf.issued_card()
    merchant = bf.merchant()
    settings.SECRET_KEY = "attacker-guess-" + "x" * 40
    forged = tokens.dynamic_token(card.token_id)
    settings.SECRET_KEY = settings.SECRET_KEY.replace("attacker", "real")
    assert card_verify(token=forged, merchant=merchant).status == "unknown"


@pytest.mark.django_db
def test_revoked_suspended_lost_and_expired_cards_never_verify_valid():
    staff = bf.factories.StaffFactory()
    merchant = bf.merchant()
    revoked, suspended, lost, expired = (bf.issued_card(staff=staff) for _ in range(4))
    token = {
        c.pk: (tokens.dynamic_token(c.token_id), tokens.printed_token(c.token_id))
        for c in (revoked, suspended, lost, expired)
    }
    card_services.card_revoke(card=revoked, staff=staff, reason="冒领")
    card_services.card_suspend(card=suspended, staff=staff, reason="核查中")
    card_services.card_report_lost(card=lost, actor=lost.holder)
    expired.valid_until = expired.valid_from
    expired.save()
    import datetime

    card_services.cards_expire(today=expired.valid_until + datetime.timedelta(days=1))
    expect = {revoked.pk: "revoked", suspended.pk: "suspended", lost.pk: "suspended", expired.pk: "expired"}
    for pk, codes in token.items():
        for code in codes:
            assert card_verify(token=code, merchant=merchant).status == expect[pk]
