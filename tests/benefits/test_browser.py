"""End to end in a phone-sized browser: apply → staff approve → QR page → merchant verifies (typed code) →
use recorded → the veteran sees it in the history."""

import os

import pytest

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
    vpage.wait_for_function("document.getElementById('card-code').textContent.length > 10")
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
