"""Counter verification: one use per minute (also under concurrency), merchants see only what they must."""

import threading

import pytest
from django.db import connection
from django.test import override_settings

from benefits import tokens
from benefits.models import CardUse
from benefits.services.verification import card_use_record, card_verify
from tests.benefits import factories as bf


@pytest.mark.django_db
def test_valid_card_shows_masked_name_photo_link_and_own_applicable_offers():
    card = bf.issued_card(profile__real_name="王建国")
    merchant, other = bf.merchant(), bf.merchant()
    mine = bf.offer(merchant, title="理发八折")
    bf.offer(merchant, title="已停止的优惠", active=False)
    bf.offer(other, title="别家的优惠")
    result = card_verify(token=tokens.dynamic_token(card.token_id), merchant=merchant)
    assert result.status == "valid" and result.masked_name == "王**"
    assert [o.pk for o in result.offers] == [mine.pk]
    assert result.photo_url.startswith("/benefits/photo/")


@pytest.mark.django_db
def test_veterans_only_offer_does_not_apply_to_family_card():
    from portal.models import FamilyMemberProfile
    from tests import factories

    veteran = factories.VeteranFactory()
    relative = factories.UserFactory()
    FamilyMemberProfile.objects.create(
        user=relative, real_name="李秀英", relation="spouse", veteran=veteran.veteran_profile, verified=True
    )
    card = bf.issued_card(holder=relative)
    merchant = bf.merchant()
    bf.offer(merchant, title="仅限退役军人", veterans_only=True)
    everyone = bf.offer(merchant, title="持卡人均可")
    result = card_verify(token=tokens.dynamic_token(card.token_id), merchant=merchant)
    assert [o.pk for o in result.offers] == [everyone.pk]


@pytest.mark.django_db
def test_double_scan_within_a_minute_records_one_use():
    card = bf.issued_card()
    member = bf.merchant_member()
    token = tokens.dynamic_token(card.token_id)
    _r, first, created = card_use_record(token=token, merchant=member.merchant, member=member)
    _r, second, created2 = card_use_record(token=token, merchant=member.merchant, member=member)
    assert created and not created2 and first.pk == second.pk
    other_member = bf.merchant_member()  # another merchant: its own use
    _r, _third, created3 = card_use_record(token=token, merchant=other_member.merchant, member=other_member)
    assert created3 and CardUse.objects.count() == 2
    assert (first.card, first.merchant, first.member) == (card, member.merchant, member)


@pytest.mark.django_db
def test_invalid_cards_record_no_use():
    member = bf.merchant_member()
    result, use, _created = card_use_record(
        token="d.0000000000000000.abc." + "0" * 20, merchant=member.merchant, member=member
    )
    assert result.status == "unknown" and use is None and not CardUse.objects.exists()


@pytest.mark.django_db
def test_offer_of_another_merchant_cannot_be_recorded():
    from django.core.exceptions import ValidationError

    card = bf.issued_card()
    member = bf.merchant_member()
    foreign = bf.offer(bf.merchant())
    with pytest.raises(ValidationError):
        card_use_record(
            token=tokens.dynamic_token(card.token_id), merchant=member.merchant, member=member, offer=foreign
        )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_verifications_record_one_use(transactional_db):
    card = bf.issued_card()
    member = bf.merchant_member()
    token = tokens.dynamic_token(card.token_id)
    barrier = threading.Barrier(20)
    outcomes, errors = [], []

    def scan():
        try:
            barrier.wait()
            _r, use, created = card_use_record(token=token, merchant=member.merchant, member=member)
            outcomes.append((use.pk, created))
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=scan) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert CardUse.objects.count() == 1
    assert sum(created for _pk, created in outcomes) == 1 and len({pk for pk, _c in outcomes}) == 1


@pytest.mark.django_db
def test_photo_link_expires(client):
    import time
    from unittest import mock

    card = bf.issued_card()
    member = bf.merchant_member()
    result = card_verify(token=tokens.dynamic_token(card.token_id), merchant=member.merchant)
    url = result.photo_url  # a property: each access signs a fresh link
    client.force_login(member)  # the link is no bearer token: it works for the merchant's members only
    assert client.get(url).status_code == 200
    with mock.patch("time.time", return_value=time.time() + 3600):
        assert client.get(url).status_code == 404
    assert client.get("/benefits/photo/forged-value/").status_code == 404


@pytest.mark.django_db
def test_verify_page_rate_limited_per_member(client):
    rest = {"DEFAULT_THROTTLE_RATES": {"card_verify": "3/min"}}
    from django.conf import settings

    member = bf.merchant_member()
    client.force_login(member)
    with override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, **rest}):
        codes = [client.post("/benefits/merchant/verify/", {"token": "x", "action": "check"}) for _ in range(4)]
    errors = [str(r.context["form"].non_field_errors()) for r in codes]
    assert errors[2] == "" and "次数过多" in errors[3]
