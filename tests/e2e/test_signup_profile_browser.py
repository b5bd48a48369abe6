"""In a real browser (Debian chromium, headless, 375 px): sign up, confirm e-mail, log in, and complete the guided
veteran registration (five steps) by keyboard alone — Tab, Enter, Space, arrow keys and typing, never a click. An
error moves focus to the error summary, whose link moves it to the field, and nothing typed is lost."""

import os
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from portal.models import Consent, VeteranProfile
from portal.synthetic import make_id_number
from tests.fixtures import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_on_a_phone_screenshot(page, artifacts_dir):
    page.goto("/")
    assert page.locator("h1").inner_text() == "退役军人就业创业服务平台"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"page overflows a 375-px screen ({width}px)"
    path = os.path.join(artifacts_dir, "home-375.png")
    page.screenshot(path=path, full_page=True)
    assert os.path.getsize(path) > 10_000


def _focused(page) -> dict:
    return page.evaluate(
        "({id: document.activeElement.id, tag: document.activeElement.tagName,"
        " summary: document.activeElement.hasAttribute('data-error-summary'),"
        " text: (document.activeElement.innerText || '').trim()})"
    )


def tab_to(page, element_id: str, limit: int = 80) -> None:
    """Press Tab until the element with this id has the focus, as a keyboard user moves through the page."""
    for _ in range(limit):
        if _focused(page)["id"] == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"#{element_id} cannot be reached with Tab")


def tab_to_button(page, text: str, limit: int = 80) -> None:
    for _ in range(limit):
        focused = _focused(page)
        if focused["tag"] == "BUTTON" and focused["text"] == text:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"no button {text!r} can be reached with Tab")


def press_and_wait(page, key: str) -> None:
    """A key that submits the form: wait for the page it leads to (the next step, or the same with errors)."""
    with page.expect_navigation():
        page.keyboard.press(key)


def choose_searchable(page, select_id: str, typed: str) -> None:
    """Tom Select by keyboard: Tab into its search box, type, Enter takes the highlighted match, Escape closes."""
    tab_to(page, f"{select_id}-ts-control")
    page.keyboard.type(typed)
    expect(page.locator(f"#{select_id}-ts-dropdown .option.active")).to_contain_text(typed)
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")


def _sign_up_and_log_in(page):
    page.goto("/accounts/signup/")
    expect(page.get_by_test_id("signup-privacy").locator("a")).to_have_attribute("href", "/privacy/")
    page.fill("input[name=email]", "zhou@example.cn")
    page.fill("input[name=username]", "zhouming")
    page.fill("input[name=password1]", "Browser-pass-2026")
    page.fill("input[name=password2]", "Browser-pass-2026")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(re.compile("confirm-email"))
    key = re.search(r"/accounts/confirm-email/(\S+)/", mail.outbox[-1].body).group(1)
    page.goto(f"/accounts/confirm-email/{key}/")
    page.locator("form button[type=submit]").last.click()
    page.goto("/accounts/login/")
    page.fill("input[name=login]", "zhouming")
    page.fill("input[name=password]", "Browser-pass-2026")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(re.compile("/(me|workspace)/"))


def _identity_step(page, id_number):
    page.goto("/me/edit/")
    page.wait_for_url(re.compile("/me/edit/identity/$"))
    expect(page.locator("[aria-current=step]")).to_contain_text("身份")
    tab_to(page, "id_real_name")
    page.keyboard.type("周明")
    page.keyboard.press("Tab")
    page.keyboard.type(id_number[:-1] + ("0" if id_number[-1] != "0" else "1"))  # a wrong check digit
    tab_to(page, "id_id_number_consent")
    page.keyboard.press("Space")
    press_and_wait(page, "Enter")  # Enter in a form submits it
    # the error summary has the focus; its link takes it to the field; nothing typed is lost
    assert _focused(page)["summary"], _focused(page)
    page.screenshot(path=os.path.join(ARTIFACTS, "profile-identity-error-375.png"), full_page=True)
    expect(page.locator("[data-error-summary]")).to_contain_text("身份证号")
    assert page.input_value("#id_real_name") == "周明"
    assert page.is_checked("#id_id_number_consent")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert _focused(page)["id"] == "id_id_number"
    page.keyboard.press("Control+A")
    page.keyboard.type(id_number)
    press_and_wait(page, "Enter")
    page.wait_for_url(re.compile("/me/edit/service/$"))


def _service_step(page):
    expect(page.locator("[aria-current=step]")).to_contain_text("服役经历")
    tab_to(page, "id_service_branch")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # 海军: the second branch after the empty choice
    choose_searchable(page, "id_military_specialties", "通信")
    tab_to_button(page, "保存并继续")
    press_and_wait(page, "Enter")
    page.wait_for_url(re.compile("/me/edit/contact/$"))


def _contact_step(page):
    tab_to(page, "id_phone")
    page.keyboard.type("1381111")  # too short: refused
    choose_searchable(page, "id_city", "福州")
    expect(page.locator("#id_district option", has_text="鼓楼区")).to_be_attached()  # loaded by the cascade
    tab_to(page, "id_district")
    page.keyboard.press("ArrowDown")  # the first district of 福州市: 鼓楼区
    assert page.locator("#id_district option:checked").inner_text() == "鼓楼区"
    tab_to_button(page, "保存并继续")
    press_and_wait(page, "Enter")
    assert _focused(page)["summary"], _focused(page)
    page.screenshot(path=os.path.join(ARTIFACTS, "profile-contact-error-375.png"), full_page=True)
    # the region cascade kept both values, and the phone as typed
    assert page.locator("#id_city option:checked").inner_text() == "福建省 福州市"
    assert page.locator("#id_district option:checked").inner_text() == "鼓楼区"
    assert page.input_value("#id_phone") == "1381111"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert _focused(page)["id"] == "id_phone"
    page.keyboard.press("End")
    page.keyboard.type("2222")
    press_and_wait(page, "Enter")
    page.wait_for_url(re.compile("/me/edit/intentions/$"))


def _intentions_and_resume_steps(page):
    tab_to(page, "id_skills_text")
    page.keyboard.type("通信, 网络")
    choose_searchable(page, "id_desired_cities", "厦门")
    tab_to_button(page, "保存并继续")
    press_and_wait(page, "Enter")
    page.wait_for_url(re.compile("/me/edit/resume/$"))
    tab_to_button(page, "保存并完成")  # the résumé is optional
    press_and_wait(page, "Enter")
    page.wait_for_url(re.compile("/me/$"))


def test_sign_up_log_in_and_complete_the_guided_profile_by_keyboard(page, live_server, artifacts_dir):
    _sign_up_and_log_in(page)
    id_number = make_id_number("350102", seq=333)
    _identity_step(page, id_number)
    _service_step(page)
    _contact_step(page)
    _intentions_and_resume_steps(page)
    page.screenshot(path=os.path.join(artifacts_dir, "profile-done-375.png"), full_page=True)
    assert page.get_by_test_id("profile-status").inner_text() == "待核验"
    masked = page.get_by_test_id("masked-id").inner_text()
    assert masked == id_number[:4] + "*" * 10 + id_number[-4:]
    assert id_number not in page.content()
    profile = VeteranProfile.objects.get(user__username="zhouming")
    # every step's data is there: no step wiped another's
    assert profile.real_name == "周明" and profile.service_branch == "navy"
    assert [s.name for s in profile.military_specialties.all()] == ["通信"]
    assert profile.region.name == "鼓楼区" and profile.phone == "13811112222"
    assert profile.skills == ["通信", "网络"] and [r.name for r in profile.desired_regions.all()] == ["厦门市"]
    consent = Consent.objects.get(user=profile.user, purpose=Consent.Purpose.ID_NUMBER)
    assert consent.is_live() and consent.channel == Consent.Channel.WEB


def test_the_steps_work_without_javascript(browser, live_server):
    """Progressive enhancement: with scripts off the multi-selects stay native and the steps still save."""
    from tests.factories import VeteranFactory

    veteran = VeteranFactory(username="nojs")
    veteran.set_password("Browser-pass-2026")
    veteran.save()
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url, locale="zh-CN")
    page = context.new_page()
    page.goto("/accounts/login/")
    page.fill("input[name=login]", "nojs")
    page.fill("input[name=password]", "Browser-pass-2026")
    page.locator("form button[type=submit]").last.click()
    page.goto("/me/edit/service/")
    specialties = page.locator("#id_military_specialties")
    assert specialties.is_visible() and specialties.get_attribute("multiple") is not None
    page.select_option("#id_military_specialties", label="通信")
    page.locator("#profile-form button[type=submit]").click()
    page.wait_for_url(re.compile("/me/edit/contact/$"))
    context.close()
    assert [s.name for s in veteran.veteran_profile.military_specialties.all()] == ["通信"]
