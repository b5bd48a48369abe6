"""In a real browser under the site's Content-Security-Policy: the pages that used to carry inline scripts still
work (large text, the card's rotating code, the lost-card confirmation, both QR scanners, Swagger UI, the staff
charts) and the browser reports no CSP violation on any of them."""

import re
import time

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from benefits.models import Card
from tests import factories
from tests.benefits import factories as bf
from tests.jobs.factories import JobFairFactory
from tests.training.factories import InstitutionFactory, SessionFactory, TrainingClassFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The camera and the browser's BarcodeDetector, faked: headless Chromium on Linux has neither. The page's own
# scanner.js runs unchanged and "reads" this code.
FAKE_CAMERA = """
window.BarcodeDetector = class { detect() { return Promise.resolve([{rawValue: "SCANNED-CODE-123"}]); } };
navigator.mediaDevices.getUserMedia = function () { return Promise.resolve(new MediaStream()); };
"""


def wait_until(page, expression: str, timeout: float = 15) -> None:
    """Poll a JS expression from Python: Playwright's wait_for_function compiles it with eval, which the CSP
    (rightly) refuses."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        time.sleep(0.1)


@pytest.fixture
def open_page(browser, live_server):
    """open_page(user=None) -> (page, violations): a phone-sized page, signed in as `user`, recording CSP reports."""
    contexts = []

    def open_(user=None, init_script=None):
        context = browser.new_context(viewport={"width": 375, "height": 800}, locale="zh-CN", base_url=live_server.url)
        context.set_default_timeout(15000)
        contexts.append(context)
        if user is not None:
            client = Client()
            client.force_login(user)
            cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
            context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
        if init_script:
            context.add_init_script(init_script)
        page = context.new_page()
        violations = []
        page.on(
            "console",
            lambda m: violations.append(m.text) if "Content Security Policy" in m.text or "Refused to" in m.text else 0,
        )
        page.on("pageerror", lambda exc: violations.append(f"page error: {exc}"))
        return page, violations

    yield open_
    for context in contexts:
        context.close()


def test_elder_mode_switch_works_and_is_applied_before_the_page_is_drawn(open_page):
    page, violations = open_page()
    page.goto("/")
    assert page.evaluate("document.documentElement.classList.contains('elder-mode')") is False
    page.click("#elder-toggle")  # a phone: the switch stays in the header, outside the collapsed menu
    assert page.evaluate("document.documentElement.classList.contains('elder-mode')") is True
    assert page.get_attribute("#elder-toggle", "aria-pressed") == "true"
    page.wait_for_function("() => document.cookie.includes('elder_mode=1')")
    page.goto("/jobs/")  # another page: the server draws it in elder mode from the cookie
    assert page.evaluate("document.documentElement.classList.contains('elder-mode')") is True
    assert page.get_attribute("#elder-toggle", "aria-pressed") == "true"
    assert violations == []


def test_card_page_refreshes_its_code_and_asks_before_reporting_lost(open_page):
    card = bf.issued_card()
    page, violations = open_page(card.holder)
    page.goto("/benefits/card/")
    expect(page.locator("#card-code")).to_have_text(re.compile(r".{11,}"))
    assert page.get_attribute("#card-qr", "src").startswith("data:image/svg+xml")
    questions = []

    def dismiss(dialog):
        questions.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    page.click("details summary")
    page.click("form[data-confirm] button[type=submit]")
    assert questions and questions[0]  # asked, in the page's language; dismissed, so nothing was sent
    card.refresh_from_db()
    assert card.status == Card.Status.ACTIVE
    assert violations == []


def test_printable_card_print_button_calls_print(open_page):
    card = bf.issued_card()
    page, violations = open_page(card.holder, init_script="window.print = function () { window.printed = true; };")
    page.goto("/benefits/card/print/")
    page.click("[data-print]")
    assert page.evaluate("window.printed === true")
    assert violations == []


def test_merchant_counter_scanner_reads_a_code_and_submits_it(open_page):
    member = bf.merchant_member()
    page, violations = open_page(member, init_script=FAKE_CAMERA)
    page.goto("/benefits/merchant/verify/")
    with page.expect_request(lambda r: r.method == "POST") as posted:
        page.click("[data-scanner-start]")
    assert "token=SCANNED-CODE-123" in posted.value.post_data
    page.wait_for_load_state()
    assert violations == []


def test_fair_door_scanner_reads_a_ticket_and_submits_it(open_page):
    fair = JobFairFactory()
    page, violations = open_page(factories.StaffFactory(), init_script=FAKE_CAMERA)
    page.goto(f"/jobs/fairs/{fair.pk}/scan/")
    with page.expect_request(lambda r: r.method == "POST") as posted:
        page.click("[data-scanner-start]")
    assert "token=SCANNED-CODE-123" in posted.value.post_data
    page.wait_for_load_state()
    assert violations == []


def test_attendance_page_refreshes_its_check_in_code(open_page):
    trainer = factories.OrgMemberFactory(organization=InstitutionFactory())
    session = SessionFactory(training_class=TrainingClassFactory(course__institution=trainer.organization))
    page, violations = open_page(trainer)
    page.goto(f"/training/manage/sessions/{session.pk}/")
    with page.expect_response(lambda r: r.url.endswith(f"/sessions/{session.pk}/qr/"), timeout=20000) as refreshed:
        pass  # session.js asks for the next code every 10 s
    assert refreshed.value.ok
    assert violations == []


def test_swagger_ui_renders_under_the_policy(open_page):
    page, violations = open_page()
    page.goto("/api/docs/")
    page.wait_for_selector(".swagger-ui .info .title")
    page.wait_for_selector(".opblock-tag")  # the schema was fetched and drawn
    assert violations == []


def test_staff_dashboard_draws_its_charts(open_page):
    page, violations = open_page(factories.StaffFactory())
    page.goto("/staff/")
    page.wait_for_selector("canvas")
    wait_until(page, "[...document.querySelectorAll('canvas')].some(c => window.Chart && Chart.getChart(c))")
    assert violations == []


def test_an_injected_inline_script_is_refused_and_reported(open_page):
    """What the policy is for: script that gets into a page (an escaping bug, a hostile extension) does not run."""
    page, violations = open_page()
    page.goto("/")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.injected = true';"
        " document.body.appendChild(s); }"
    )
    assert page.evaluate("window.injected === true") is False
    # Chromium words it "Executing inline script violates … Content Security Policy" (older: "Refused to execute …").
    assert any("inline script" in v and "Content Security Policy" in v for v in violations), violations
