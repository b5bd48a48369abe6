"""Browser: an application's step indicator at 375 px (a phone) — an ordered list with the current step marked
aria-current="step" and named to assistive technology, fitting the screen without horizontal scroll, above the
timeline."""

import os

import pytest
from django.conf import settings
from django.test import Client

from benefits.services import cards as card_services
from tests import factories
from tests.benefits import factories as bf

pytestmark = pytest.mark.browser


def test_card_application_steps_on_a_phone(transactional_db, page, live_server, artifacts_dir):
    veteran = factories.VeteranFactory()
    application = card_services.card_application_submit(
        applicant=veteran, photo=bf.photo_upload(), station=bf.station()
    )
    card_services.card_application_request_correction(
        application=application, staff=factories.StaffFactory(), reason="照片背景不是白色"
    )
    client = Client()
    client.force_login(veteran)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])

    page.goto("/benefits/apply/")
    steps = page.get_by_test_id("progress-steps")
    assert steps.evaluate("el => el.tagName") == "OL"
    items = steps.locator("li")
    assert items.count() == 3
    current = steps.locator('[aria-current="step"]')
    assert current.count() == 1
    assert "需补正" in current.inner_text()
    assert "当前步骤" in current.inner_text()  # the state is in the text, not only in the colour
    assert "已完成" in items.nth(0).inner_text()
    assert page.get_by_test_id("progress-next").is_visible()
    timeline = page.get_by_test_id("progress-timeline").locator("li")
    assert timeline.count() == 2 and "照片背景不是白色" in timeline.nth(1).inner_text()
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    box = current.bounding_box()
    assert box is not None and box["height"] >= 44 and box["x"] + box["width"] <= 375
    page.screenshot(path=os.path.join(artifacts_dir, "progress-steps-375.png"), full_page=True)
