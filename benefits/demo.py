"""Demo data for the benefits app, called by `manage.py seed_demo` after the shell's data. Idempotent.

Modelled on Nantong's 通通优 card: merchants of the 12 industries with ~150 offers, cards in every status, uses.
"""

import datetime
import io
import random

from django.core.files.base import ContentFile
from django.utils import timezone

from benefits.models import Card, CardApplication, CardUse, Industry, Merchant, Offer, OfferLocation
from benefits.services.merchants import offer_index
from portal.models import Organization, Region, Role, VeteranProfile
from portal.synthetic import make_id_number, make_uscc

MERCHANT_WORDS = {
    "transport": ["通达出租", "江海公交", "濠河客运", "南通轨交便民点"],
    "culture-tourism": ["狼山景区", "濠河风景区", "南通博物苑文创", "蓝印花布馆"],
    "medical": ["崇川惠民医院", "海安康复中心", "通州口腔诊所", "如皋大药房", "仁济药店"],
    "elderly-care": ["颐和养老院", "夕阳红日间照料中心", "康乐居家养老服务站", "银龄护理站"],
    "retail": ["拥军超市", "文峰百货拥军专柜", "好邻居便利店", "江海家电"],
    "catering": ["老兵饭店", "江海渔家菜馆", "军旅主题餐厅", "濠河早茶", "便民面馆"],
    "finance": ["拥军理财服务点", "军人保险服务站", "南通信用社拥军网点", "邮储拥军网点"],
    "telecom": ["移动拥军营业厅", "电信拥军服务点", "联通拥军营业厅", "广电网络服务站"],
    "education": ["江海职业技能学校", "退役军人驾校", "南通学历提升中心", "技能培训学校"],
    "sports": ["军体健身馆", "濠河游泳馆", "江海羽毛球馆", "拳击训练营"],
    "living": ["拥军理发店", "便民洗衣店", "军嫂家政", "老兵修车铺", "拥军照相馆"],
    "lodging": ["江海拥军宾馆", "狼山假日酒店", "濠河民宿", "通州快捷酒店"],
}
BENEFITS = ["凭卡享受九折", "凭卡享受八五折", "免收服务费", "优先办理", "赠送一次免费服务", "凭卡半价", "免费体检一次"]
DISTRICTS = ["320613", "320612", "320685", "320621", "320682", "320623", "320684"]
# Alliance merchants in the other demo cities, so offers are found wherever the demo veterans live.
CITY_MERCHANTS = {
    "350102": "福州鼓楼",
    "350203": "厦门思明",
    "330106": "杭州西湖",
    "530302": "曲靖麒麟",
    "320106": "南京鼓楼",
}
CITY_WORDS = {
    "retail": "拥军超市",
    "catering": "老兵饭店",
    "medical": "惠民大药房",
    "transport": "拥军出租",
    "living": "拥军理发店",
    "culture-tourism": "红色文旅馆",
    "sports": "军体健身馆",
}


def _photo() -> ContentFile:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (90, 120), (210, 190, 170)).save(buf, "PNG")
    return ContentFile(buf.getvalue(), name="demo.png")


def _merchants(stdout) -> list[Merchant]:
    merchants, serial = [], 300
    for industry in Industry.objects.all():
        for word in MERCHANT_WORDS[industry.code]:
            serial += 1
            region = Region.objects.filter(code=DISTRICTS[serial % len(DISTRICTS)]).first() or Region.objects.get(
                code="320600"
            )
            org, _c = Organization.objects.get_or_create(
                name=f"{word}",
                org_type=Organization.Type.MERCHANT,
                defaults={
                    "uscc": make_uscc("320600", serial, "92"),
                    "region": region,
                    "status": Organization.Status.VERIFIED,
                    "address": f"{region.name}拥军路{serial % 90 + 1}号",
                    "industry": industry.name,
                },
            )
            merchant, _c = Merchant.objects.get_or_create(organization=org, defaults={"industry": industry})
            merchants.append(merchant)
    industries = {i.code: i for i in Industry.objects.filter(code__in=CITY_WORDS)}
    for district, prefix in CITY_MERCHANTS.items():
        region = Region.objects.get(code=district)
        for code, word in CITY_WORDS.items():
            serial += 1
            org, _c = Organization.objects.get_or_create(
                name=f"{prefix}{word}",
                org_type=Organization.Type.MERCHANT,
                defaults={
                    "uscc": make_uscc(district[:4] + "00", serial, "92"),
                    "region": region,
                    "status": Organization.Status.VERIFIED,
                    "address": f"{region.name}拥军路{serial % 90 + 1}号",
                    "industry": industries[code].name,
                },
            )
            merchant, _c = Merchant.objects.get_or_create(organization=org, defaults={"industry": industries[code]})
            merchants.append(merchant)
    return merchants


def _offers(merchant: Merchant, count: int) -> None:
    org = merchant.organization
    for i in range(count):
        title = f"{org.name}·{BENEFITS[(merchant.pk + i) % len(BENEFITS)]}"
        offer, created = Offer.objects.get_or_create(
            merchant=merchant,
            title=title,
            defaults={
                "industry": merchant.industry,
                "benefit": BENEFITS[(merchant.pk + i) % len(BENEFITS)],
                "terms": "持本人有效优待证（拥军卡）及本人到店使用；不与其他优惠同享。",
                "veterans_only": i == 2,
                "valid_from": datetime.date(2024, 1, 1),
            },
        )
        if created:
            OfferLocation.objects.create(offer=offer, region=org.region, address=org.address or org.region.name)
            offer_index(offer)


def _holder(username: str, name: str, seq: int):
    from portal.demo import _account
    from portal.services.profiles import veteran_profile_save

    user = _account(username, Role.VETERAN)
    if not VeteranProfile.objects.filter(user=user).exists():
        veteran_profile_save(
            user=user,
            id_number=make_id_number("350102", datetime.date(1990 + seq, 5, 9), 700 + seq),
            id_number_basis="web",  # the demo person agreed at the identity step
            data={"real_name": name, "phone": f"1390000{seq:04d}", "region": Region.objects.get(code="320613")},
        )
        VeteranProfile.objects.filter(user=user).update(status=VeteranProfile.Status.VERIFIED)
    return user


def _card(user, name, status, staff, *, days_valid=5 * 365, previous=None, reason="") -> Card:
    existing = Card.objects.filter(holder=user, status=status).first()
    if existing:
        return existing
    today = timezone.localdate()
    application = CardApplication.objects.filter(applicant=user, status="approved").first()
    if application is None:
        application = CardApplication(
            applicant=user, holder_kind="veteran", station=Region.objects.get(code="320613"), status="approved"
        )
        application.photo.save("demo.png", _photo(), save=False)
        application.reviewed_by = staff
        application.save()
    card = Card.objects.create(
        number=f"t{user.pk:06d}{status[:3]}",
        holder=user,
        holder_kind="veteran",
        holder_name=name,
        application=application,
        photo=application.photo.name,
        station=application.station,
        status=status,
        status_reason=reason,
        valid_from=today - datetime.timedelta(days=400),
        valid_until=today - datetime.timedelta(days=400) + datetime.timedelta(days=days_valid),
        issued_by=staff,
        previous=previous,
    )
    card.number = f"3206{card.issued_at:%y}{card.pk:07d}"
    Card.objects.filter(pk=card.pk).update(number=card.number)
    return card


def _uses(cards, merchants, member) -> None:
    rng = random.Random(7)
    now = timezone.now()
    for card in cards:
        for i in range(6):
            merchant = merchants[rng.randrange(len(merchants))]
            used_at = now - datetime.timedelta(days=rng.randrange(1, 180), minutes=i)
            CardUse.objects.get_or_create(
                card=card,
                merchant=merchant,
                minute_bucket=int(used_at.timestamp() // 60),
                defaults={"used_at": used_at, "offer": merchant.offers.first(), "member": member},
            )


def seed_demo(*, stdout, accounts: dict) -> None:
    if CardUse.objects.filter(card__holder=accounts["demo-veteran"]).exists():
        stdout.write("benefits: demo data already present")
        return
    merchants = _merchants(stdout)
    for merchant in merchants:
        _offers(merchant, 3)
    home = Organization.objects.get(name="通通优拥军便利店")
    home_merchant, _c = Merchant.objects.get_or_create(
        organization=home, defaults={"industry": Industry.objects.get(code="retail")}
    )
    _offers(home_merchant, 4)
    merchants.append(home_merchant)
    staff = accounts["demo-staff"]
    veteran = accounts["demo-veteran"]
    name = VeteranProfile.objects.get(user=veteran).real_name
    cards = [_card(veteran, name, Card.Status.ACTIVE, staff)]
    holders = [
        ("demo-cardholder-suspended", "刘志强", Card.Status.SUSPENDED, "身份信息核查中"),
        ("demo-cardholder-revoked", "陈卫东", Card.Status.REVOKED, "冒名申领"),
        ("demo-cardholder-expired", "赵海军", Card.Status.EXPIRED, ""),
        ("demo-cardholder-lost", "孙建华", Card.Status.LOST, "本人挂失"),
    ]
    for seq, (username, holder_name, status, reason) in enumerate(holders, start=1):
        user = _holder(username, holder_name, seq)
        card = _card(
            user, holder_name, status, staff, days_valid=300 if status == "expired" else 5 * 365, reason=reason
        )
        cards.append(card)
        if status == Card.Status.LOST:
            cards.append(_card(user, holder_name, Card.Status.ACTIVE, staff, previous=card))
    pending = _holder("demo-cardholder-pending", "周国庆", 6)
    if not CardApplication.objects.filter(applicant=pending).exists():
        application = CardApplication(
            applicant=pending, holder_kind="veteran", station=Region.objects.get(code="320613")
        )
        application.photo.save("demo.png", _photo(), save=False)
        application.save()
    member = home.memberships.first().user if home.memberships.exists() else None
    _uses(cards, merchants, member)
    stdout.write(
        f"benefits: {Merchant.objects.count()} merchants, {Offer.objects.count()} offers, "
        f"{Card.objects.count()} cards, {CardUse.objects.count()} uses"
    )
