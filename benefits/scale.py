"""`manage.py seed_scale --cards N --merchants N`: synthetic cards (with holder accounts) and alliance merchants
with one offer each, bulk-inserted in batches. Idempotent per size: only the missing rows are added."""

import datetime

from django.db import transaction
from django.utils import timezone

from benefits.models import Card, Industry, Merchant, Offer, new_token_id
from portal.models import Organization, Region, User

BATCH = 5000
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"


def add_arguments(parser):
    parser.add_argument("--cards", type=int, default=0, help="benefit cards (each with a holder account)")
    parser.add_argument("--merchants", type=int, default=0, help="alliance merchants, one offer each")


def seed_scale(options, stdout):
    if options.get("merchants"):
        _merchants(options["merchants"], stdout)
    if options.get("cards"):
        _cards(options["cards"], stdout)


def _merchants(target: int, stdout) -> None:
    existing = Merchant.objects.filter(organization__name__startswith="规模商家").count()
    industries = list(Industry.objects.all())
    regions = list(Region.objects.filter(code__startswith="3206", level=3)) or [Region.objects.get(code="320600")]
    today = timezone.localdate()
    for start in range(existing, target, BATCH):
        stop = min(target, start + BATCH)
        with transaction.atomic():
            orgs = Organization.objects.bulk_create(
                Organization(
                    name=f"规模商家{i:06d}",
                    org_type=Organization.Type.MERCHANT,
                    status=Organization.Status.VERIFIED,
                    region=regions[i % len(regions)],
                )
                for i in range(start, stop)
            )
            merchants = Merchant.objects.bulk_create(
                Merchant(organization=org, industry=industries[i % len(industries)])
                for i, org in zip(range(start, stop), orgs, strict=True)
            )
            Offer.objects.bulk_create(
                Offer(
                    merchant=m,
                    industry=m.industry,
                    title=f"{m.industry.name}拥军优惠{m.pk}",
                    benefit="凭卡九折",
                    valid_from=today - datetime.timedelta(days=30),
                    search_title=f"{m.industry.name} 拥军 优惠",
                )
                for m in merchants
            )
        stdout.write(f"benefits: merchants {stop}/{target}")


def _cards(target: int, stdout) -> None:
    existing = Card.objects.filter(number__startswith="99").count()
    station = Region.objects.get(code="320600")
    today = timezone.localdate()
    for start in range(existing, target, BATCH):
        stop = min(target, start + BATCH)
        with transaction.atomic():
            users = User.objects.bulk_create(
                User(username=f"scale-holder-{i:07d}", password="!", email="") for i in range(start, stop)
            )
            Card.objects.bulk_create(
                Card(
                    number=f"99{i:010d}",
                    holder=user,
                    holder_kind="veteran",
                    holder_name=SURNAMES[i % len(SURNAMES)] + "某某",
                    photo="benefits/photos/scale.png",
                    station=station,
                    valid_from=today - datetime.timedelta(days=i % 1000),
                    valid_until=today + datetime.timedelta(days=365 + i % 1000),
                    token_id=new_token_id(),
                )
                for i, user in zip(range(start, stop), users, strict=True)
            )
        stdout.write(f"benefits: cards {stop}/{target}")
