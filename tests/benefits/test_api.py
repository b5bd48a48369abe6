"""The benefits REST API: own data only, merchant members only for verify, masked holders, rate limit."""

import pytest
from django.conf import settings

from benefits import tokens
from benefits.models import CardUse
from benefits.services.verification import card_use_record
from tests import factories
from tests.benefits import factories as bf
from tests.factories import api_key

pytestmark = pytest.mark.django_db
VERIFY = "/api/v1/cards/verify/"


def test_cards_list_is_own_only_and_token_for_other_card_is_404(api_client):
    mine, theirs = bf.issued_card(), bf.issued_card()
    api_client.force_authenticate(mine.holder)
    body = api_client.get("/api/v1/cards/").json()
    assert [c["id"] for c in body["results"]] == [mine.pk]
    assert api_client.get(f"/api/v1/cards/{theirs.pk}/token/").status_code == 404
    token = api_client.get(f"/api/v1/cards/{mine.pk}/token/").json()
    assert tokens.parse_token(token["token"]).token_id == mine.token_id and 0 < token["expires_in"] <= 60


def test_anonymous_gets_nothing_personal(api_client):
    assert api_client.get("/api/v1/cards/").status_code in (401, 403)
    assert api_client.post(VERIFY, {"token": "x"}).status_code in (401, 403)
    assert api_client.get("/api/v1/card-uses/").status_code in (401, 403)


def test_apply_via_api(api_client):
    veteran = factories.VeteranFactory()
    api_client.force_authenticate(veteran)
    response = api_client.post(
        "/api/v1/cards/apply/", {"photo": bf.photo_upload(), "station": "350102"}, format="multipart"
    )
    assert response.status_code == 201, response.content
    again = api_client.post(
        "/api/v1/cards/apply/", {"photo": bf.photo_upload(), "station": "350102"}, format="multipart"
    )
    assert again.status_code == 400 and "detail" in again.json()


def test_verify_refused_for_holders_and_members_of_non_merchant_or_unverified_org(api_client):
    card = bf.issued_card()
    token = tokens.dynamic_token(card.token_id)
    employer = factories.OrgMemberFactory(org_type="employer")
    pending = bf.merchant_member(bf.merchant(status="pending"))
    for user in (card.holder, employer, pending):
        api_client.force_authenticate(user)
        assert api_client.post(VERIFY, {"token": token}).status_code == 403


def test_verify_returns_status_masked_name_photo_and_offers_only(api_client):
    card = bf.issued_card(profile__real_name="王建国")
    member = bf.merchant_member()
    offer = bf.offer(member.merchant)
    api_client.force_authenticate(member)
    body = api_client.post(VERIFY, {"token": tokens.dynamic_token(card.token_id)}).json()
    assert body["status"] == "valid" and body["masked_name"] == "王**"
    assert [o["id"] for o in body["offers"]] == [offer.pk] and body["use_id"] is None
    text = str(body)
    profile = card.holder.veteran_profile
    for secret in ("王建国", card.number, profile.get_id_number(), profile.phone, card.holder.username):
        assert secret not in text
    assert set(body) == {"status", "label", "detail", "masked_name", "photo_url", "offers", "use_id", "use_recorded"}
    assert not CardUse.objects.exists()
    recorded = api_client.post(
        VERIFY, {"token": tokens.dynamic_token(card.token_id), "record": True, "offer": offer.pk}
    ).json()
    again = api_client.post(VERIFY, {"token": tokens.dynamic_token(card.token_id), "record": True}).json()
    assert recorded["use_recorded"] and not again["use_recorded"] and recorded["use_id"] == again["use_id"]


def test_verify_unknown_and_forged(api_client):
    member = bf.merchant_member()
    api_client.force_authenticate(member)
    for token in ("", "garbage", tokens.dynamic_token("abcdefabcdefabcd"), "p.abcdefabcdefabcd." + "1" * 20):
        response = api_client.post(VERIFY, {"token": token})
        assert response.status_code in (200, 400)
        if response.status_code == 200:
            assert response.json()["status"] == "unknown"


def test_verify_for_a_merchant_the_member_does_not_belong_to_is_refused(api_client):
    card = bf.issued_card()
    member, other = bf.merchant_member(), bf.merchant()
    api_client.force_authenticate(member)
    response = api_client.post(VERIFY, {"token": tokens.dynamic_token(card.token_id), "merchant": other.pk})
    assert response.status_code == 403


def test_card_uses_holder_and_merchant_scopes(api_client):
    card, other_card = bf.issued_card(profile__real_name="王建国"), bf.issued_card()
    member, other_member = bf.merchant_member(), bf.merchant_member()
    card_use_record(token=tokens.dynamic_token(card.token_id), merchant=member.merchant, member=member)
    card_use_record(
        token=tokens.dynamic_token(other_card.token_id), merchant=other_member.merchant, member=other_member
    )
    api_client.force_authenticate(card.holder)
    own = api_client.get("/api/v1/card-uses/").json()["results"]
    assert len(own) == 1 and own[0]["merchant"] == member.merchant.organization.name
    api_client.force_authenticate(member)
    seen = api_client.get("/api/v1/card-uses/?as=merchant").json()["results"]
    assert len(seen) == 1 and seen[0]["masked_name"] == "王**" and "王建国" not in str(seen)
    other_use = CardUse.objects.get(merchant=other_member.merchant)
    assert api_client.get(f"/api/v1/card-uses/{other_use.pk}/?as=merchant").status_code == 404
    assert api_client.get("/api/v1/card-uses/").json()["results"] == []  # not a holder


def test_public_offers_and_merchants_filters(api_client):
    m1 = bf.merchant(industry_code="catering")
    m2 = bf.merchant(industry_code="transport")
    bf.offer(m1, title="军人就餐八折", industry=m1.industry)
    bf.offer(m2, title="出租车优先", industry=m2.industry)
    assert api_client.get("/api/v1/offers/").json()["count"] == 2
    assert [o["title"] for o in api_client.get("/api/v1/offers/?industry=catering").json()["results"]] == [
        "军人就餐八折"
    ]
    assert api_client.get("/api/v1/offers/?region=320600").json()["count"] == 2
    assert api_client.get("/api/v1/offers/?region=350100").json()["count"] == 0
    assert [o["title"] for o in api_client.get("/api/v1/offers/?q=就餐").json()["results"]] == ["军人就餐八折"]
    assert api_client.get("/api/v1/merchants/?industry__code=transport").json()["count"] == 1


def test_verify_is_rate_limited_per_member(api_client, monkeypatch):
    from django.core.cache import cache
    from rest_framework.throttling import ScopedRateThrottle

    cache.clear()
    member, other = bf.merchant_member(), bf.merchant_member()
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "card_verify": "3/min"}
    # DRF reads the rates into the class once, at import; monkeypatch puts the original back after the test.
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", rates)
    api_client.force_authenticate(member)
    codes = [api_client.post(VERIFY, {"token": "x"}).status_code for _ in range(4)]
    api_client.force_authenticate(other)
    other_code = api_client.post(VERIFY, {"token": "x"}).status_code
    assert codes == [200, 200, 200, 429] and other_code == 200


def test_verify_query_budget_with_token_auth(client, django_assert_max_num_queries):
    """The hot path at the counter: one statement (the member, their merchant, the card and its offers); on
    PostgreSQL it is prepared on its first use on a connection (+1)."""
    card = bf.issued_card()
    member = bf.merchant_member()
    bf.offer(member.merchant)
    key = api_key(member)
    with django_assert_max_num_queries(2):
        response = client.post(
            VERIFY,
            {"token": tokens.dynamic_token(card.token_id)},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Token {key}",
        )
    assert response.status_code == 200 and response.json()["status"] == "valid"
    assert len(response.json()["offers"]) == 1
