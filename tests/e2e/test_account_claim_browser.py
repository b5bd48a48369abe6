"""In a real browser (375 px): a veteran staff imported claims the account from the e-mail's link — a wrong last
six is refused next to the field, the right one and a password take the account over — then signs in."""

import re

import pytest
from django.core import mail

from portal.models import User
from portal.services import claims
from portal.services.profiles import STATUTORY_HANDOVER, veteran_profile_save
from portal.synthetic import make_id_number

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_claim_an_account_staff_created_from_the_email_link(page, live_server):
    id_number = make_id_number("350102", seq=91)
    user = User.objects.create(username="vet-browser-claim")
    user.set_unusable_password()
    user.save()
    veteran_profile_save(  # as the import of the hand-over records stores it
        user=user,
        data={"real_name": "陈大山", "phone": "13900009999"},
        id_number=id_number,
        id_number_basis=STATUTORY_HANDOVER,
    )
    claims.account_contact_set(user=user, email="chen@example.cn")
    claims.account_invitation_send(user=user)  # outside a transaction: the e-mail goes at once
    link = re.search(r"https?://\S+/claim/[\w-]+/", mail.outbox[-1].body).group(0)
    page.goto("/claim/" + link.split("/claim/", 1)[1])  # the path: SITE_URL is not the test server
    page.fill("#id_id_last_six", "000000")
    page.fill("#id_password1", "Shan-Xq7-pass-2026")
    page.fill("#id_password2", "Shan-Xq7-pass-2026")
    page.press("#id_password2", "Enter")
    assert "身份证号后六位不正确" in page.locator("#id_id_last_six_errors").inner_text()
    assert page.input_value("#id_id_last_six") == "000000"  # the typed value is kept
    page.fill("#id_id_last_six", id_number[-6:])
    page.fill("#id_password1", "Shan-Xq7-pass-2026")
    page.fill("#id_password2", "Shan-Xq7-pass-2026")
    page.press("#id_password2", "Enter")
    page.wait_for_url(re.compile("/accounts/login/"))
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    page.fill("input[name=login]", "chen@example.cn")
    page.fill("input[name=password]", "Shan-Xq7-pass-2026")
    page.press("input[name=password]", "Enter")
    page.wait_for_url(re.compile("/workspace/"))
    user.refresh_from_db()
    assert user.has_usable_password() and user.phone_verified
