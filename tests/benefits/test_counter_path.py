"""The counter's hot path (POST /api/v1/cards/verify/ with an API token): hand-written SQL that must agree with the
ORM definitions it replaces — the member's merchant (`user_merchants`) and the offers for a card
(`applicable_offers`) — and a fixed-window rate limit."""

import contextlib
import datetime
import time

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from benefits import tokens
from benefits.models import Card
from benefits.permissions import user_merchants
from benefits.services.verification import applicable_offers, card_verify
from portal.api.throttling import count_in_window
from portal.db import fetch_prepared
from portal.models.tokens import key_hash
from portal.services.organizations import membership_add
from tests import factories
from tests.benefits import factories as bf
from tests.factories import api_key

pytestmark = pytest.mark.django_db
VERIFY = "/api/v1/cards/verify/"


def _post(client, key, body, **headers):
    return client.post(VERIFY, body, content_type="application/json", HTTP_AUTHORIZATION=f"Token {key}", **headers)


def test_token_auth_finds_the_same_merchant_as_user_merchants(client):
    first, second = bf.merchant(), bf.merchant()
    inactive, pending = bf.merchant(), bf.merchant(status="pending")
    inactive.active = False
    inactive.save()
    both = bf.merchant_member(second)
    membership_add(organization=first.organization, user=both)
    only_unusable = bf.merchant_member(inactive)
    membership_add(organization=pending.organization, user=only_unusable)
    employer = factories.OrgMemberFactory(org_type="employer")
    card = bf.issued_card()
    offer = bf.offer(first)
    code = tokens.dynamic_token(card.token_id)

    response = _post(client, api_key(both), {"token": code})
    assert response.status_code == 200, response.content
    body = response.json()
    assert user_merchants(both).order_by("pk").first() == first
    assert body["status"] == "valid" and [o["id"] for o in body["offers"]] == [offer.pk]
    for user in (only_unusable, employer, card.holder):
        assert not user_merchants(user).exists()
        assert _post(client, api_key(user), {"token": code}).status_code == 403


def test_unknown_key_and_inactive_user_are_refused_with_401(client):
    member = bf.merchant_member()
    key = api_key(member)
    card = bf.issued_card()
    code = tokens.dynamic_token(card.token_id)
    assert _post(client, "0" * 40, {"token": code}).status_code == 401
    member.is_active = False
    member.save()
    response = _post(client, key, {"token": code})
    assert response.status_code == 401 and "masked_name" not in response.json()


def test_offers_in_one_query_match_applicable_offers_for_veteran_and_family_cards():
    merchant, other = bf.merchant(), bf.merchant()
    today = timezone.localdate()
    bf.offer(merchant, title="乙 当前优惠")
    bf.offer(merchant, title="甲 仅限退役军人", veterans_only=True)
    bf.offer(merchant, title="丙 已结束", valid_until=today - datetime.timedelta(days=1))
    bf.offer(merchant, title="丁 未开始", valid_from=today + datetime.timedelta(days=1))
    bf.offer(merchant, title="戊 已下架", active=False)
    bf.offer(merchant, title="己 今天最后一天", valid_until=today)
    bf.offer(other, title="别家的优惠")
    veteran_card = bf.issued_card()
    family_card = bf.issued_card()
    Card.objects.filter(pk=family_card.pk).update(holder_kind="family")
    family_card.refresh_from_db()
    for card, expected in ((veteran_card, 3), (family_card, 2)):
        result = card_verify(token=tokens.dynamic_token(card.token_id), merchant=merchant)
        assert result.is_valid
        assert [o.pk for o in result.offers] == [o.pk for o in applicable_offers(merchant, card)]
        assert len(result.offers) == expected


def test_a_suspended_or_revoked_card_is_reported_without_offers(client):
    member = bf.merchant_member()
    bf.offer(member.merchant)
    key = api_key(member)
    for status, said in (("suspended", "suspended"), ("revoked", "revoked"), ("expired", "expired")):
        card = bf.issued_card()
        code = tokens.dynamic_token(card.token_id)
        Card.objects.filter(pk=card.pk).update(status=status)
        body = _post(client, key, {"token": code}).json()
        assert body["status"] == said and body["offers"] == []


def test_hot_path_costs_one_query(client, django_assert_num_queries):
    card = bf.issued_card()
    member = bf.merchant_member()
    bf.offer(member.merchant)
    key = api_key(member)
    assert _post(client, key, {"token": tokens.dynamic_token(card.token_id)}).status_code == 200  # prepares
    with django_assert_num_queries(1):
        response = _post(client, key, {"token": tokens.dynamic_token(card.token_id)})
    assert response.json()["status"] == "valid" and len(response.json()["offers"]) == 1


@pytest.mark.postgres
def test_the_counter_statement_works_out_the_members_merchant_once():
    """The member's merchant is one subquery over the memberships. Were the planner to inline the member step, it
    would run that subquery again for the row and for every offer probe (what that costs: bench/README.md)."""
    from benefits.services.verification import _COUNTER_SQL

    member = bf.merchant_member()
    bf.merchant_member(bf.merchant())  # another merchant, with its own member
    for title in ("一", "二", "三"):
        bf.offer(member.merchant, title=title)
    card = bf.issued_card()
    params = {
        "merchant_type": "merchant",
        "verified": "verified",
        "key_hash": key_hash(api_key(member)),
        "now": timezone.now(),
        "token_id": card.token_id,
        "today": timezone.localdate(),
        "veteran": card.holder_kind,
    }
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, FORMAT JSON) " + _COUNTER_SQL, params)
        plan = cursor.fetchone()[0]
        cursor.execute(_COUNTER_SQL, params)
        assert len(cursor.fetchall()) == 3  # one row per offer

    def reads(node, table) -> bool:
        return node.get("Relation Name") == table or any(reads(child, table) for child in node.get("Plans", []))

    def subquery_runs(node, table) -> int:
        """How many times the subqueries that read `table` ran."""
        if node.get("Parent Relationship") in ("SubPlan", "InitPlan") and reads(node, table):
            return node["Actual Loops"]
        return sum(subquery_runs(child, table) for child in node.get("Plans", []))

    assert subquery_runs(plan[0]["Plan"], "portal_organizationmembership") == 1


def _comparable(response) -> tuple:
    """Status, headers and body, less what differs between two honest answers a moment apart: the Date header and
    the photo link's signature (it carries the time it was signed)."""
    headers = {name: value for name, value in response.headers.items() if name not in ("Date", "Content-Length")}
    body = response.json()
    if body.get("photo_url"):
        body["photo_url"] = body["photo_url"].split(":")[0]
    return response.status_code, headers, body


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_counters_direct_answer_is_what_drf_answers(client, language):
    """Each case is asked twice: with {"token": …}, which the view answers directly, and with "record": false
    added, which means the same to the API but goes through DRF's pipeline. The two answers must be the same."""
    from unittest import mock

    from benefits.api import views

    member = bf.merchant_member()
    bf.offer(member.merchant, title="甲 仅限退役军人", veterans_only=True)
    bf.offer(member.merchant, title="乙 所有持卡人")
    key = api_key(member)
    valid, family, revoked, suspended, expired = (bf.issued_card() for _ in range(5))
    Card.objects.filter(pk=family.pk).update(holder_kind="family")
    Card.objects.filter(pk=revoked.pk).update(status="revoked")
    Card.objects.filter(pk=suspended.pk).update(status="suspended")
    Card.objects.filter(pk=expired.pk).update(valid_until=timezone.localdate() - datetime.timedelta(days=1))
    codes = {card: tokens.dynamic_token(card.token_id) for card in (valid, family, revoked, suspended, expired)}
    codes["printed"] = tokens.printed_token(valid.token_id)
    codes["old"] = tokens.dynamic_token(valid.token_id, now=time.time() - 600)
    codes["forged"] = codes[valid][:-4] + "0000"
    codes["no such card"] = tokens.dynamic_token("0123456789abcdef")
    codes["padded"] = f"  {codes[valid].upper()} "
    statuses = set()
    for case, code in codes.items():
        with mock.patch.object(views, "counter_check", wraps=views.counter_check) as direct:
            fast = _post(client, key, {"token": code}, HTTP_ACCEPT_LANGUAGE=language)
            assert direct.call_count == 1, case
            slow = _post(client, key, {"token": code, "record": False}, HTTP_ACCEPT_LANGUAGE=language)
            assert direct.call_count == 1, case
        assert fast.status_code == 200, (case, fast.content)
        assert _comparable(fast) == _comparable(slow), case
        statuses.add(fast.json()["status"])
    assert statuses == {"valid", "expired", "revoked", "suspended", "unknown"}
    assert [o["title"] for o in _post(client, key, {"token": codes[family]}).json()["offers"]] == ["乙 所有持卡人"]


def test_requests_the_direct_answer_declines_get_drfs_answers(client):
    """Anything but the everyday request goes to DRF, and gets DRF's status and messages."""
    member = bf.merchant_member()
    key = api_key(member)
    code = tokens.dynamic_token(bf.issued_card().token_id)
    auth = {"HTTP_AUTHORIZATION": f"Token {key}"}
    blank = _post(client, key, {"token": "  "}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert blank.status_code == 400 and blank.json()["token"] == ["该字段不能为空。"]
    assert _post(client, key, {"token": "d." + "a" * 199}).status_code == 400
    assert _post(client, key, {"token": code + "\x00"}).status_code == 400  # DRF refuses NUL characters
    assert _post(client, key, {"token": 12345}).json()["status"] == "unknown"  # DRF's CharField takes a number
    assert _post(client, key, {"token": code, "merchant": member.merchant.pk}).json()["status"] == "valid"
    assert client.post(VERIFY, {"token": code}, **auth).json()["status"] == "valid"  # a form, not JSON
    assert (
        client.post(f"{VERIFY}?format=json", {"token": code}, content_type="application/json", **auth).json()["status"]
        == "valid"
    )
    lower = client.post(VERIFY, {"token": code}, content_type="application/json", HTTP_AUTHORIZATION=f"token {key}")
    assert lower.json()["status"] == "valid"  # DRF reads the keyword case-insensitively
    html = _post(client, key, {"token": code}, HTTP_ACCEPT="text/html")
    assert html.status_code == 200 and html["Content-Type"].startswith("text/html")
    broken = client.post(VERIFY, b'{"token": ', content_type="application/json", **auth)
    assert broken.status_code == 400 and "detail" in broken.json()
    not_member = api_key(factories.UserFactory())
    refused = _post(client, not_member, {"token": code}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert refused.status_code == 403 and refused.json()["detail"] == "只有联盟商户的成员才能核验优待证。"
    assert _post(client, key + "x", {"token": code}).status_code == 401


def test_a_member_over_the_limit_gets_drfs_429_on_the_direct_path(client, monkeypatch):
    from rest_framework.throttling import ScopedRateThrottle

    cache.clear()
    member, other = bf.merchant_member(), bf.merchant_member()
    key, other_key = (api_key(user) for user in (member, other))
    code = tokens.dynamic_token(bf.issued_card().token_id)
    rates = {**ScopedRateThrottle.THROTTLE_RATES, "card_verify": "3/min"}
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", rates)
    answers = [_post(client, key, {"token": code}, HTTP_ACCEPT_LANGUAGE="en") for _ in range(5)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429, 429]
    assert int(answers[3]["Retry-After"]) > 0 and "throttled" in answers[3].json()["detail"]
    assert _post(client, other_key, {"token": code}).status_code == 200


@pytest.mark.postgres
def test_prepared_statements_survive_a_reconnect_and_a_rollback(transactional_db):
    from django.db import transaction

    sql = "SELECT %(a)s::int + %(b)s::int, %(a)s::int"
    assert fetch_prepared(sql, {"a": 2, "b": 3}) == [(5, 2)]
    with pytest.raises(RuntimeError), transaction.atomic():
        assert fetch_prepared(sql, {"a": 1, "b": 1}) == [(2, 1)]
        raise RuntimeError
    assert fetch_prepared(sql, {"a": 4, "b": 4}) == [(8, 4)]
    connection.close()
    assert fetch_prepared(sql, {"a": 1, "b": 2}) == [(3, 1)]


@pytest.mark.postgres
def test_the_statement_is_prepared_in_the_protocol_unless_the_pooler_forbids_it():
    """Never an SQL-level PREPARE (session state a transaction pooler cannot carry over); a protocol-level one where
    the settings allow it: straight to PostgreSQL, or a pooler that tracks them (portal/settings/database.py)."""
    sql = "SELECT %(a)s::int + 40 AS portal_prepared_check"
    assert fetch_prepared(sql, {"a": 2}) == [(42,)]
    with connection.cursor() as cursor:  # one transaction (the test's): the same server connection even if pooled
        cursor.execute("SELECT from_sql FROM pg_prepared_statements WHERE statement LIKE '%%portal_prepared_check%%'")
        prepared = [row[0] for row in cursor.fetchall()]
    expected = connection.settings_dict["OPTIONS"]["prepare_threshold"] is not None
    assert prepared == ([False] if expected else [])  # from_sql: False, prepared in the protocol


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, databases=["default", "replica"])
def test_the_counters_statements_work_across_pooled_transactions():
    """Through PgBouncer in transaction mode a client's transactions run on whichever server connection is free, so
    a statement prepared in one may be executed on another. The replica alias (the primary's test mirror, a client
    connection of its own) holds a server connection inside a transaction every other round, which sends the next
    round to a different one. Straight to PostgreSQL, every round runs on the one session."""
    from django.db import connections, transaction

    card = bf.issued_card()
    merchant = bf.merchant()
    bf.offer(merchant, title="甲")
    sql = "SELECT %(a)s::int * 2, pg_backend_pid()"
    backends = set()
    for round_ in range(20):
        with transaction.atomic(using="replica") if round_ % 2 else contextlib.nullcontext():
            if round_ % 2:
                connections["replica"].cursor().execute("SELECT 1")
            rows = fetch_prepared(sql, {"a": round_})
            result = card_verify(token=tokens.dynamic_token(card.token_id), merchant=merchant)
        assert rows[0][0] == 2 * round_ and result.is_valid and [o.title for o in result.offers] == ["甲"]
        backends.add(rows[0][1])
    assert (len(backends) > 1) == (settings.DATABASE_POOLER == "transaction")


def test_fixed_window_counter_on_the_test_cache():
    cache.clear()
    assert [count_in_window(cache, "k", 60) for _ in range(3)] == [1, 2, 3]
    assert count_in_window(cache, "other", 60) == 1


@pytest.mark.redis
def test_fixed_window_counter_on_redis_is_one_atomic_call_with_an_expiry():
    import os
    import uuid

    from django_redis.cache import RedisCache

    redis_cache = RedisCache(
        os.environ["REDIS_URL"], {"OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"}}
    )
    key = f"test-window-{uuid.uuid4().hex}"
    assert [count_in_window(redis_cache, key, 30) for _ in range(3)] == [1, 2, 3]
    assert 0 < redis_cache.ttl(key) <= 30
    redis_cache.delete(key)
