"""Pages: they render, refuse the wrong people (404/403) and change nothing on GET."""

import pytest

from benefits import tokens
from benefits.models import CardApplication, CardUse, Offer
from portal.models import AuditLog
from tests import factories
from tests.benefits import factories as bf

pytestmark = pytest.mark.django_db


def rid(code: str) -> int:
    return bf.station(code).pk


def test_public_pages_render_in_chinese(client):
    m = bf.merchant(industry_code="catering")
    offer = bf.offer(m, title="军人就餐八折")
    for url in (
        "/benefits/",
        "/benefits/offers/",
        f"/benefits/offers/{offer.pk}/",
        "/benefits/offers/?industry=catering&region=320600&q=就餐",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    assert "军人就餐八折" in client.get("/benefits/offers/?industry=catering").content.decode()
    assert "军人就餐八折" not in client.get("/benefits/offers/?industry=transport").content.decode()
    assert "优待" in client.get("/benefits/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()


def test_apply_page_flow_and_bad_photo_error(client):
    veteran = factories.VeteranFactory()
    client.force_login(veteran)
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("x.png", b"not an image at all", content_type="image/png")
    response = client.post("/benefits/apply/", {"photo": bad, "city": rid("350100"), "district": rid("350102")})
    assert response.status_code == 200 and 'id="id_photo_errors"' in response.content.decode()
    assert not CardApplication.objects.exists()
    response = client.post(
        "/benefits/apply/", {"photo": bf.photo_upload(), "city": rid("350100"), "district": rid("350102")}
    )
    assert response.status_code == 302
    assert CardApplication.objects.get().station.code == "350102"


def test_card_page_and_code_for_holder_only(client):
    card = bf.issued_card()
    assert client.get("/benefits/card/").status_code == 302  # login
    client.force_login(card.holder)
    page = client.get("/benefits/card/").content.decode()
    assert card.masked_number in page and card.number not in page
    code = client.get("/benefits/card/code/").json()
    assert tokens.parse_token(code["code"]).token_id == card.token_id and code["qr"].startswith("data:image/svg+xml")
    printed = client.get("/benefits/card/print/").content.decode()
    assert tokens.printed_token(card.token_id) in printed


def test_report_lost_is_post_only(client):
    card = bf.issued_card()
    client.force_login(card.holder)
    assert client.get("/benefits/card/report-lost/").status_code == 405
    assert client.post("/benefits/card/report-lost/").status_code == 302
    card.refresh_from_db()
    assert card.status == "lost"


def test_merchant_pages_404_for_non_members_and_offers_of_others(client):
    client.force_login(factories.VeteranFactory())
    for url in ("/benefits/merchant/", "/benefits/merchant/verify/", "/benefits/merchant/offers/new/"):
        assert client.get(url).status_code == 404
    member = bf.merchant_member()
    foreign = bf.offer(bf.merchant())
    client.force_login(member)
    assert client.get(f"/benefits/merchant/offers/{foreign.pk}/").status_code == 404
    assert client.get(f"/benefits/merchant/?m={foreign.merchant.pk}").status_code == 404


def test_merchant_creates_offer_and_verifies_and_confirms_use(client):
    card = bf.issued_card(profile__real_name="王建国")
    member = bf.merchant_member()
    client.force_login(member)
    response = client.post(
        "/benefits/merchant/offers/new/",
        {
            "industry": member.merchant.industry.pk,
            "title": "日用品九折",
            "benefit": "凭卡九折",
            "terms": "",
            "valid_from": "2024-01-01",
            "active": "on",
            "locations-TOTAL_FORMS": 1,
            "locations-INITIAL_FORMS": 0,
            "locations-0-city": rid("320600"),
            "locations-0-district": rid("320613"),
            "locations-0-address": "人民路1号",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    offer = Offer.objects.get(title="日用品九折")
    token = tokens.dynamic_token(card.token_id)
    checked = client.post("/benefits/merchant/verify/", {"token": token, "action": "check"}).content.decode()
    assert 'data-status="valid"' in checked and "王**" in checked and "王建国" not in checked
    assert "日用品九折" in checked and not CardUse.objects.exists()
    client.post("/benefits/merchant/verify/", {"token": token, "action": "confirm", "offer": offer.pk})
    client.post("/benefits/merchant/verify/", {"token": token, "action": "confirm", "offer": offer.pk})
    use = CardUse.objects.get()
    assert use.offer == offer and use.member == member
    home = client.get("/benefits/merchant/").content.decode()
    assert "王**" in home and "王建国" not in home


def test_merchant_joins_alliance(client):
    org = factories.OrganizationFactory(org_type="merchant")
    user = factories.OrgMemberFactory(org_type="merchant", organization=org)
    client.force_login(user)
    from benefits.models import Industry

    assert client.post("/benefits/merchant/", {"industry": Industry.objects.get(code="lodging").pk}).status_code == 302
    assert org.benefits_merchant.industry.code == "lodging"


def test_staff_pages_refuse_non_staff_and_review_works(client):
    veteran = factories.VeteranFactory()
    client.force_login(veteran)
    assert client.get("/benefits/staff/").status_code == 403
    application = bf.card_services.card_application_submit(
        applicant=veteran, photo=bf.photo_upload(), station=bf.station()
    )
    assert client.get(f"/benefits/staff/applications/{application.pk}/photo/").status_code == 403
    staff = factories.StaffFactory()
    client.force_login(staff)
    assert client.get("/benefits/staff/").status_code == 200
    assert client.get("/benefits/staff/statistics/").status_code == 200
    page = client.get(f"/benefits/staff/applications/{application.pk}/")
    assert page.status_code == 200 and veteran.veteran_profile.get_id_number() not in page.content.decode()
    response = client.post(f"/benefits/staff/applications/{application.pk}/", {"action": "reject", "reason": ""})
    assert response.status_code == 200 and "reason" in response.context["form"].errors
    client.post(f"/benefits/staff/applications/{application.pk}/", {"action": "approve"})
    card = veteran.benefit_cards.get()
    client.post(f"/benefits/staff/cards/{card.pk}/", {"action": "suspend", "reason": "核查"})
    card.refresh_from_db()
    assert card.status == "suspended"
    stats = client.get("/benefits/staff/statistics/").content.decode()
    assert "鼓楼区" in stats


def test_staff_act_for(client):
    veteran = factories.VeteranFactory()
    staff = factories.StaffFactory()
    client.force_login(staff)
    response = client.post(
        "/benefits/staff/act-for/",
        {
            "id_number": veteran.veteran_profile.get_id_number(),
            "photo": bf.photo_upload(),
            "city": rid("350100"),
        },
    )
    assert response.status_code == 302
    application = CardApplication.objects.get()
    assert application.submitted_by_staff == staff
    entry = AuditLog.objects.get(action=AuditLog.Action.ACT_FOR, on_behalf_of=veteran)
    assert entry.actor == staff and entry.detail["event"] == "benefits.card_apply"
    unknown = client.post(
        "/benefits/staff/act-for/",
        {"id_number": "11010519491231002X", "photo": bf.photo_upload(), "city": rid("350100")},
    )
    assert unknown.status_code == 200 and "id_number" in unknown.context["form"].errors


def test_holder_history_shows_uses_of_old_and_new_cards(client):
    card = bf.issued_card()
    member = bf.merchant_member()
    from benefits.services.cards import card_report_lost
    from benefits.services.verification import card_use_record

    card_use_record(token=tokens.dynamic_token(card.token_id), merchant=member.merchant, member=member)
    card_report_lost(card=card, actor=card.holder)
    client.force_login(card.holder)
    page = client.get("/benefits/card/").content.decode()
    assert member.merchant.organization.name in page and card.masked_number in page
