"""A card's QR code is an HTTPS link to the portal; short codes for typing; the printable PDF card."""

import io
import time

import pytest
from django.core.cache import cache
from django.utils import translation
from pypdf import PdfReader

from benefits import tokens
from benefits.models import CardUse
from benefits.services import cards as card_services
from portal import rotating
from tests.benefits import factories as bf

SITE = "https://portal.example.cn"
VERIFY_API = "/api/v1/cards/verify/"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE
    cache.clear()
    yield
    cache.clear()


def _path(link: str) -> str:
    assert link.startswith(SITE + "/")
    return link[len(SITE) :]


def test_the_card_page_code_is_a_portal_link_with_a_short_code(client):
    card = bf.issued_card()
    client.force_login(card.holder)
    body = client.get("/benefits/card/code/").json()
    assert len(body["short_code"]) == 8 and body["short_code"].isdigit()
    assert body["qr"].startswith("data:image/svg+xml")
    link = tokens.card_link(body["code"])
    assert link == f"{SITE}/benefits/c/{body['code']}/"
    assert tokens.parse_token(link).token_id == card.token_id  # a scanned link reads as its token


def test_anonymous_and_other_roles_opening_a_card_link_see_no_personal_data(client):
    card = bf.issued_card(profile__real_name="王建国")
    profile = card.holder.veteran_profile
    link = tokens.card_link(tokens.dynamic_token(card.token_id))
    for user in (None, bf.factories.VeteranFactory()):
        if user:
            client.force_login(user)
        page = client.get(_path(link))
        text = page.content.decode()
        assert page.status_code == 200 and 'data-state="card"' in text
        for secret in ("王建国", card.masked_name, card.number, card.masked_number, profile.get_id_number()):
            assert secret not in text
        assert 'data-status="valid"' not in text
    assert client.post(_path(link)).status_code == 405  # the link only shows


def test_stale_or_forged_links_never_show_valid(client):
    card = bf.issued_card()
    member = bf.merchant_member()
    stale = tokens.card_link(tokens.dynamic_token(card.token_id, now=time.time() - 3 * tokens.STEP_SECONDS))
    token = tokens.dynamic_token(card.token_id)
    forged = tokens.card_link(token[:-1] + ("0" if token[-1] != "0" else "1"))
    assert 'data-state="expired"' in client.get(_path(stale)).content.decode()
    assert 'data-state="unknown"' in client.get(_path(forged)).content.decode()
    client.force_login(member)
    for link in (stale, forged, f"{SITE}/benefits/c/%3Cscript%3E/"):
        page = client.get(_path(link))
        assert page.status_code == 200
        assert 'data-status="unknown"' in page.content.decode() and 'data-status="valid"' not in page.content.decode()


def test_a_merchant_member_opening_the_link_sees_the_result_and_records_only_on_confirm(client):
    card = bf.issued_card(profile__real_name="王建国")
    member = bf.merchant_member()
    client.force_login(member)
    link = tokens.card_link(tokens.dynamic_token(card.token_id))
    page = client.get(_path(link))
    text = page.content.decode()
    assert 'data-status="valid"' in text and "王**" in text and "王建国" not in text
    assert not CardUse.objects.exists()  # GET-safe
    client.post("/benefits/merchant/verify/", {"action": "confirm", "token": link, "m": member.merchant.pk})
    assert CardUse.objects.filter(card=card, merchant=member.merchant, member=member).count() == 1


def test_suspended_and_revoked_cards_link_say_so_to_the_merchant(client):
    staff = bf.factories.StaffFactory()
    suspended, revoked = bf.issued_card(staff=staff), bf.issued_card(staff=staff)
    links = {c.pk: tokens.card_link(tokens.printed_token(c.token_id)) for c in (suspended, revoked)}
    card_services.card_suspend(card=suspended, staff=staff, reason="核查中")
    card_services.card_revoke(card=revoked, staff=staff, reason="冒领")
    client.force_login(bf.merchant_member())
    assert 'data-status="suspended"' in client.get(_path(links[suspended.pk])).content.decode()
    assert 'data-status="revoked"' in client.get(_path(links[revoked.pk])).content.decode()


def test_short_code_verifies_at_the_counter_and_in_the_api(client, api_client):
    card = bf.issued_card()
    member = bf.merchant_member()
    code = tokens.short_code(card.token_id)
    client.force_login(member)
    page = client.post("/benefits/merchant/verify/", {"action": "check", "token": code, "m": member.merchant.pk})
    assert 'data-status="valid"' in page.content.decode()
    client.post("/benefits/merchant/verify/", {"action": "confirm", "token": code, "m": member.merchant.pk})
    assert CardUse.objects.filter(card=card).count() == 1
    api_client.force_authenticate(member)
    assert api_client.post(VERIFY_API, {"token": code}).json()["status"] == "valid"
    assert (
        api_client.post(VERIFY_API, {"token": tokens.card_link(tokens.dynamic_token(card.token_id))}).json()["status"]
        == "valid"
    )


def test_wrong_short_codes_are_limited_per_member_with_a_clear_answer(api_client):
    card = bf.issued_card()
    member, other = bf.merchant_member(), bf.merchant_member()
    code = tokens.short_code(card.token_id)
    api_client.force_authenticate(member)
    guesses = [f"{n:08d}" for n in range(20_000_000, 20_000_100) if f"{n:08d}" != code][: rotating.MEMBER_LIMIT]
    for guess in guesses:
        body = api_client.post(VERIFY_API, {"token": guess}).json()
        assert body["status"] == "unknown"
    limited = api_client.post(VERIFY_API, {"token": code})
    assert limited.status_code == 200 and limited.json()["status"] == "unknown"
    message = "Too many wrong numeric codes. Scan the QR code instead, or try again later."
    with translation.override("zh-hans"):
        assert limited.json()["detail"] == translation.gettext(message) != message  # translated, not a bare code
    api_client.force_authenticate(other)
    assert api_client.post(VERIFY_API, {"token": code}).json()["status"] == "valid"


def test_previous_windows_short_code_is_refused_after_its_grace():
    card = bf.issued_card()
    merchant_member = bf.merchant_member()
    start = time.time() // 60 * 60
    code = tokens.short_code(card.token_id, now=start + 1)
    in_grace = tokens.resolve_code(code, actor=merchant_member, now=start + 60 + 10)
    assert in_grace.token_id == card.token_id
    late = tokens.resolve_code(code, actor=merchant_member, now=start + 60 + tokens.DYNAMIC.grace_seconds + 1)
    assert late.token_id is None and late.expired


def _pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_printable_pdf_card_has_the_chinese_title_the_link_and_an_embedded_font(client):
    card = bf.issued_card()
    client.force_login(card.holder)
    response = client.get("/benefits/card/print.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (298, 420)  # A6 in points
    text = _pdf_text(response.content)
    assert card.title in text and "优待证" in card.title
    link = tokens.card_link(tokens.printed_token(card.token_id))
    assert link in text.replace("\n", "")
    fonts = [f.get_object() for f in reader.pages[0]["/Resources"]["/Font"].values()]
    embedded = [f["/BaseFont"] for f in fonts if "/FontDescriptor" in f and "/FontFile2" in f["/FontDescriptor"]]
    assert embedded  # the TrueType font is embedded (a subset), not left to the reader


def test_pdf_card_needs_its_holder(client):
    assert client.get("/benefits/card/print.pdf").status_code == 302
    client.force_login(bf.factories.VeteranFactory())
    assert client.get("/benefits/card/print.pdf")["Location"].endswith("/benefits/apply/")
