"""In a real browser (375 px): sign up with a mobile number and no e-mail, confirm it with the SMS code, sign out,
then sign in with the number and a code sent by text message. Codes are read from the test SMS outbox."""

import os
import re

import pytest

from portal import sms
from portal.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def last_code() -> str:
    code = sms.outbox[-1].params["code"]
    assert re.fullmatch(r"\d{6}", code) and code in sms.outbox[-1].text
    return code


def test_sign_up_and_sign_in_by_mobile_number_and_code(page, live_server, artifacts_dir):
    sms.outbox.clear()
    page.goto("/accounts/signup/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=os.path.join(artifacts_dir, "signup-phone-375.png"), full_page=True)
    page.fill("input[name=phone]", "139 1234 5678")
    page.fill("input[name=username]", "laowang")
    page.fill("input[name=password1]", "Phone-pass-2026")
    page.fill("input[name=password2]", "Phone-pass-2026")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(re.compile("/accounts/phone/verify/"))
    assert [m.phone for m in sms.outbox] == ["13912345678"]
    page.screenshot(path=os.path.join(artifacts_dir, "verify-phone-375.png"), full_page=True)
    page.fill("input[name=code]", last_code())
    page.press("input[name=code]", "Enter")
    page.wait_for_url(re.compile("/workspace/"))
    user = User.objects.get(username="laowang")
    assert user.phone == "13912345678" and user.phone_verified and user.email == ""

    page.context.clear_cookies()
    page.goto("/accounts/login/code/")
    page.fill("input[name=phone]", "13912345678")
    page.press("input[name=phone]", "Enter")
    page.wait_for_url(re.compile("/accounts/login/code/confirm/"))
    assert len(sms.outbox) == 2
    page.fill("input[name=code]", last_code())
    page.press("input[name=code]", "Enter")
    page.wait_for_url(re.compile("/workspace/"))
    assert page.locator("form[action='/accounts/logout/']").count() == 1  # signed in (the workspace needs it)
