"""In a real browser (Debian chromium, headless, 375 px): sign up, confirm e-mail, log in, complete the profile."""

import os
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from portal.models import VeteranProfile
from portal.synthetic import make_id_number

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_on_a_phone_screenshot(page, artifacts_dir):
    page.goto("/")
    assert page.locator("h1").inner_text() == "退役军人就业创业服务平台"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"page overflows a 375-px screen ({width}px)"
    path = os.path.join(artifacts_dir, "home-375.png")
    page.screenshot(path=path, full_page=True)
    assert os.path.getsize(path) > 10_000


def test_sign_up_log_in_and_complete_profile(page, live_server):
    page.goto("/accounts/signup/")
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
    page.wait_for_url(re.compile("/workspace/"))
    page.goto("/me/edit/")
    id_number = make_id_number("350102", seq=333)
    page.fill("#id_real_name", "周明")
    page.fill("#id_id_number", id_number)
    page.fill("#id_phone", "13811112222")
    page.select_option("#id_city", label="福建省 福州市")
    expect(page.locator("#id_district option").nth(1)).to_be_attached()  # a district loaded (no eval: the CSP)
    page.select_option("#id_district", label="鼓楼区")
    page.select_option("#id_service_branch", value="navy")
    page.fill("#id_skills_text", "通信, 网络")
    page.keyboard.press("Tab")
    page.locator("#profile-form button[type=submit]").press("Enter")  # keyboard only
    page.wait_for_url(re.compile("/me/$"))
    assert page.get_by_test_id("profile-status").inner_text() == "待核验"
    masked = page.get_by_test_id("masked-id").inner_text()
    assert masked == id_number[:4] + "*" * 10 + id_number[-4:]
    assert id_number not in page.content()
    profile = VeteranProfile.objects.get(user__username="zhouming")
    assert profile.region.name == "鼓楼区" and profile.skills == ["通信", "网络"]
