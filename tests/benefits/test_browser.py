"""End to end in a phone-sized browser: apply → staff approve → QR page → merchant verifies (typed code) →
use recorded → the veteran sees it in the history."""

import os
import re

import pytest
from playwright.sync_api import expect

from benefits.models import CardUse
from tests import factories
from tests.benefits import factories as bf

PASSWORD = "pass-1234-word"


def _login(browser, live_server, user):
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="zh-CN", base_url=live_server.url)
    context.set_default_timeout(15000)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.fill("input[name=login]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    return page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_apply_approve_show_verify_and_history(transactional_db, browser, live_server, artifacts_dir, tmp_path):
    veteran = factories.VeteranFactory(profile__real_name="王建国")
    staff = factories.StaffFactory()
    member = bf.merchant_member(bf.merchant(name="通通优测试便利店"))
    bf.offer(member.merchant, title="日用品九折")

    # The veteran applies with a photo.
    photo = tmp_path / "me.png"
    photo.write_bytes(bf.photo_upload().read())
    vpage = _login(browser, live_server, veteran)
    vpage.goto("/benefits/apply/")
    vpage.set_input_files("input[name=photo]", str(photo))
    vpage.select_option("select[name=city]", value=str(bf.station("350100").pk))
    vpage.locator("form button[type=submit]").last.click()
    vpage.wait_for_selector("[data-testid=application-status]")

    # Staff approve it.
    spage = _login(browser, live_server, staff)
    spage.goto("/benefits/staff/")
    spage.locator("[data-testid=application-queue] a").first.click()
    spage.locator("button[value=approve]").click()
    spage.wait_for_load_state()
    assert veteran.benefit_cards.count() == 1

    # The veteran shows the card with its rotating QR code.
    vpage.goto("/benefits/card/")
    code_el = vpage.locator("[data-testid=card-code]")
    expect(vpage.locator("#card-code")).to_have_text(re.compile(r".{11,}"))  # no eval: the CSP forbids it
    assert vpage.locator("#card-qr").get_attribute("src").startswith("data:image/svg+xml")
    assert vpage.locator("[data-testid=card-name]").inner_text() == "王**"
    code = code_el.inner_text().strip()
    vpage.screenshot(path=os.path.join(artifacts_dir, "benefits-card.png"), full_page=True)

    # The merchant member types the code on the phone page, sees "valid", confirms the use.
    mpage = _login(browser, live_server, member)
    mpage.goto("/benefits/merchant/verify/")
    mpage.fill("input[name=token]", code)
    mpage.locator("#verify-form button[type=submit]").click()
    status = mpage.locator("[data-testid=verify-status]")
    assert status.get_attribute("data-status") == "valid"
    assert mpage.locator("[data-testid=verify-name]").inner_text() == "王**"
    assert "王建国" not in mpage.content()
    mpage.select_option("select[name=offer]", label="日用品九折")
    mpage.locator("form:has(input[value=confirm]) button[type=submit]").click()
    mpage.wait_for_selector("[data-testid=use-recorded]")
    mpage.screenshot(path=os.path.join(artifacts_dir, "benefits-verify.png"), full_page=True)
    assert CardUse.objects.filter(merchant=member.merchant).count() == 1

    # The veteran sees the use in the history.
    vpage.goto("/benefits/card/")
    history = vpage.locator("[data-testid=use-history]").inner_text()
    assert "通通优测试便利店" in history and "日用品九折" in history


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_holder_requests_renewal_and_staff_approve(transactional_db, browser, live_server, artifacts_dir):
    from benefits import tokens
    from benefits.models import Card
    from benefits.services.verification import card_verify

    veteran = factories.VeteranFactory(profile__real_name="王建国")
    card = bf.expiring_in(bf.issued_card(holder=veteran), 20)
    old_until = card.valid_until
    staff = factories.StaffFactory()

    # The holder sees the renewal button on the card page (phone width) and asks.
    vpage = _login(browser, live_server, veteran)
    vpage.goto("/benefits/card/print/")
    printed = vpage.get_by_test_id("printed-code").inner_text().strip()
    assert printed == tokens.printed_token(card.token_id)
    vpage.goto("/benefits/card/")
    vpage.get_by_test_id("renewal-request").press("Enter")  # keyboard only
    vpage.wait_for_selector("[data-testid=renewal-status]")
    assert vpage.evaluate("document.documentElement.scrollWidth") <= 375
    vpage.screenshot(path=os.path.join(artifacts_dir, "benefits-renewal-requested.png"), full_page=True)

    # Staff find it in the renewal queue and approve it on the card page.
    spage = _login(browser, live_server, staff)
    spage.goto("/benefits/staff/")
    spage.get_by_test_id("renewal-queue-link").click()
    spage.locator("[data-testid=renewal-queue] a").first.click()
    spage.wait_for_selector("[data-testid=renewal-pending]")
    spage.locator("button[value=renew]").click()
    spage.wait_for_selector("[data-testid=renewal-history] li")
    card.refresh_from_db()
    assert card.valid_until > old_until and card.renewals.get().status == "approved"

    # The holder sees the new end date and the history; the same card, and the printed code still verifies.
    vpage.goto("/benefits/card/")
    assert "renewal-history" in vpage.content()
    assert card.valid_until.isoformat() in vpage.content()
    assert Card.objects.filter(holder=veteran).count() == 1
    assert card_verify(token=printed, merchant=bf.merchant()).status == "valid"
    expect(vpage.locator("#card-code")).to_have_text(re.compile(r".{11,}"))  # no eval: the CSP forbids it


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_merchant_offer_with_several_locations_on_a_phone_by_keyboard(
    transactional_db, browser, live_server, artifacts_dir
):
    from benefits.models import Offer

    member = bf.merchant_member(bf.merchant(name="通通优测试便利店"))
    page = _login(browser, live_server, member)
    page.goto("/benefits/merchant/offers/new/")
    page.fill("#id_title", "日用品九折")
    page.fill("#id_benefit", "凭卡九折")
    # Row 1: city, then a district of that city (loaded by the cascade into this row only).
    page.select_option("#id_locations-0-city", value=str(bf.station("320600").pk))
    page.wait_for_selector(f"#id_locations-0-district option[value='{bf.station('320613').pk}']", state="attached")
    assert page.locator("#id_locations-1-district option").count() == 1  # the other row's district is untouched
    page.select_option("#id_locations-0-district", value=str(bf.station("320613").pk))
    page.fill("#id_locations-0-address", "崇川区人民中路1号")
    page.select_option("#id_locations-1-city", value=str(bf.station("350100").pk))
    page.fill("#id_locations-1-address", "福州五一路8号")
    # A third row from the keyboard: the button adds it and moves the focus into it.
    page.locator("#offer-location-add").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_locations-2-city"
    assert page.input_value("#id_locations-TOTAL_FORMS") == "3"
    page.keyboard.press("ArrowDown")  # first city in the list
    page.fill("#id_locations-2-address", "第三家门店")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"offer form overflows a 375-px screen ({width}px)"
    page.screenshot(path=os.path.join(artifacts_dir, "benefits-offer-locations.png"), full_page=True)
    page.locator("form button[type=submit]").last.press("Enter")
    page.wait_for_url("**/benefits/merchant/")
    offer = Offer.objects.get(title="日用品九折")
    assert sorted(offer.locations.values_list("address", flat=True)) == [
        "崇川区人民中路1号",
        "福州五一路8号",
        "第三家门店",
    ]

    # Edit: remove the first location with the keyboard (space ticks the checkbox) and save.
    page.goto(f"/benefits/merchant/offers/{offer.pk}/")
    page.locator("#id_locations-0-DELETE").focus()
    page.keyboard.press("Space")
    page.locator("form button[type=submit]").last.press("Enter")
    page.wait_for_url("**/benefits/merchant/")
    assert offer.locations.count() == 2
