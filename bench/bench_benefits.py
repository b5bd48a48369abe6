"""Bench: POST /api/v1/cards/verify/ with valid, current card tokens (merchant members, token auth).

Setup (Django ORM, DJANGO_SETTINGS_MODULE from the environment, same defaults as bench/run.py): one alliance
merchant, MEMBERS merchant members with DRF tokens, CARDS valid cards whose holders get DRF tokens. The card codes
are then fetched from the running server (GET /api/v1/cards/{id}/token/), so they are signed with the server's own
key and are current when the load starts (a code lives 30–90 s; the run is much shorter).

Throttling: verify is rate-limited per merchant member (scope `card_verify`, 60/min). The server's throttle stays
ON — its cache lookup is part of the real cost — but the load is spread round-robin over enough members that none
exceeds its limit during the run (MEMBERS ≥ expected requests / 50). Any 429 (or other non-2xx) is counted and
printed; a run with non-2xx responses exits non-zero instead of reporting a distorted figure.

Prints: bench: card-verify rps=<n> p99_ms=<n> ratio=<r>
"""

import datetime
import json
import os
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-secret-key-" + "x" * 40)
os.environ.setdefault("PII_ENCRYPTION_KEY", "dev-only-pii-key-do-not-use-in-production")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'db.sqlite3'}")

from bench.common import base_url, report, wrk  # noqa: E402

SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = 16
MEMBERS = int(os.environ.get("BENCH_CARD_MEMBERS", "2000"))
CARDS = int(os.environ.get("BENCH_CARD_CARDS", "300"))
OFFERS = [("退役军人专享套餐", "凭证八折"), ("军属就餐优惠", "满100减20"), ("拥军饮品", "免费赠饮一杯")]


def setup() -> tuple[list[str], list[tuple[int, str]]]:
    """Returns (member API tokens, [(card id, holder API token)])."""
    import django

    django.setup()
    from django.db import transaction
    from django.utils import timezone

    from benefits.models import Card, Industry, Merchant, Offer
    from portal.models import Organization, OrganizationMembership, Region, User
    from portal.services.tokens import api_token_create

    with transaction.atomic():
        org, _c = Organization.objects.get_or_create(
            name="压测拥军商家",
            org_type=Organization.Type.MERCHANT,
            defaults={"status": Organization.Status.VERIFIED, "region": Region.objects.get(code="320600")},
        )
        merchant, _c = Merchant.objects.get_or_create(organization=org, defaults={"industry": Industry.objects.first()})
        # A counter sees the merchant's offers that apply to the card: give the bench merchant a realistic few.
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        for n, (title, benefit) in enumerate(OFFERS):
            Offer.objects.get_or_create(
                merchant=merchant,
                title=title,
                defaults={
                    "industry": merchant.industry,
                    "benefit": benefit,
                    "valid_from": yesterday,
                    "veterans_only": n == 0,
                },
            )
        names = [f"bench-merchant-member-{i:05d}" for i in range(MEMBERS)]
        have = set(User.objects.filter(username__in=names).values_list("username", flat=True))
        User.objects.bulk_create(User(username=n, password="!") for n in names if n not in have)
        users = list(User.objects.filter(username__in=names))
        OrganizationMembership.objects.bulk_create(
            [OrganizationMembership(organization=org, user=u) for u in users], ignore_conflicts=True
        )
        # Only a key's hash is stored, so every run issues fresh keys (a user keeps at most 20: old ones are revoked).
        member_keys = [api_token_create(user=u, name="bench")[1] for u in users]
        today = timezone.localdate()
        cards = list(
            Card.objects.filter(status=Card.Status.ACTIVE, valid_from__lte=today, valid_until__gte=today)
            .order_by("pk")
            .values_list("pk", "holder_id")[:CARDS]
        )
        if not cards:
            raise SystemExit("bench: no valid cards; run `manage.py seed_scale --cards N --merchants N` first")
        holders = [h for _pk, h in cards]
        holder_keys = {u.pk: api_token_create(user=u, name="bench")[1] for u in User.objects.filter(pk__in=holders)}
    return member_keys, [(pk, holder_keys[h]) for pk, h in cards]


def fetch_codes(cards) -> list[str]:
    codes = []
    for pk, key in cards:
        request = urllib.request.Request(
            f"{base_url()}/api/v1/cards/{pk}/token/", headers={"Authorization": f"Token {key}"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            codes.append(json.load(response)["token"])
    return codes


def check_one(member_key: str, code: str) -> None:
    request = urllib.request.Request(
        f"{base_url()}/api/v1/cards/verify/",
        data=json.dumps({"token": code}).encode(),
        headers={"Authorization": f"Token {member_key}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        body = json.load(response)
    status = body["status"]
    if status == "valid" and not body["offers"]:
        raise SystemExit("bench: a valid card saw none of the bench merchant's offers")
    if status != "valid":
        raise SystemExit(f"bench: a fetched code verified as {status!r}; the bench would measure the wrong path")


# The requests are formatted once, in init(), and then only cycled: wrk runs on the same two cores as the server,
# and formatting each request in Lua cost it about 0.06 ms a request, which the server's figure would pay for.
LUA = """
local members = {%(members)s}
local codes = {%(codes)s}
local requests = {}
local counter = 0
local threads = 0
setup = function(thread)
  thread:set("offset", threads * 997)  -- each thread starts elsewhere in the cycle, on other members
  threads = threads + 1
end
init = function(args)
  counter = offset or 0
  for i = 1, math.max(#members, #codes) do
    local m = members[((i - 1) %% #members) + 1]
    local c = codes[((i - 1) %% #codes) + 1]
    local headers = {["Authorization"] = "Token " .. m, ["Content-Type"] = "application/json"}
    requests[i] = wrk.format("POST", "/api/v1/cards/verify/", headers, '{"token": "' .. c .. '"}')
  end
end
request = function()
  counter = counter + 1
  return requests[(counter %% #requests) + 1]
end
"""


def lua_script(member_keys, codes) -> str:
    quoted = lambda items: ",".join(f'"{x}"' for x in items)  # noqa: E731
    return LUA % {"members": quoted(member_keys), "codes": quoted(codes)}


def main() -> int:
    member_keys, cards = setup()
    codes = fetch_codes(cards)
    check_one(member_keys[0], codes[0])
    rps, p99, non2xx = wrk(
        base_url() + "/api/v1/cards/verify/",
        connections=CONNECTIONS,
        seconds=SECONDS,
        lua=lua_script(member_keys[1:], codes),
    )
    report("card-verify", rps, p99, extra=f"non_2xx={non2xx}" if non2xx else "")
    if non2xx:
        print(f"bench: card-verify had {non2xx} non-2xx responses (raise BENCH_CARD_MEMBERS if they are 429s)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
