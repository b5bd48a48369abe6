"""A real browser scans a real QR code with the bundled decoder.

Chromium runs with a fake camera that films a .y4m video made here from the holder's current QR code (the PNG of
portal.qr), and the page's BarcodeDetector is deleted before any script runs, so what reads the code is the bundled
jsQR in static/js/scanner.js — as on Safari/iOS, Firefox and WeChat. Then the use / check-in is recorded by the
role's explicit confirmation."""

import datetime
import io
import os
import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from benefits import tokens
from benefits.models import CardUse
from jobs.models import FairRegistration
from jobs.services import tickets
from jobs.services.fair_registrations import fair_register
from portal.qr import portal_link, qr_png
from tests import factories
from tests.benefits import factories as bf
from tests.jobs.factories import JobFairFactory
from tests.training.factories import InstitutionFactory, SessionFactory, TrainingClassFactory
from training import services as training_services
from training.models import Attendance
from training.services import checkin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NO_BARCODE_DETECTOR = "delete window.BarcodeDetector; delete window.__proto__.BarcodeDetector;"
WIDTH, HEIGHT = 640, 480


def qr_video(text: str, path) -> str:
    """A few frames of 4:2:0 YUV (the .y4m Chromium's fake camera plays in a loop) showing the QR code of `text`."""
    code = Image.open(io.BytesIO(qr_png(text, scale=6))).convert("L")
    side = min(HEIGHT - 40, code.width)
    frame = Image.new("L", (WIDTH, HEIGHT), 255)
    frame.paste(code.resize((side, side), Image.NEAREST), ((WIDTH - side) // 2, (HEIGHT - side) // 2))
    chroma = bytes([128]) * (WIDTH * HEIGHT // 4)
    with open(path, "wb") as out:
        out.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(5):
            out.write(b"FRAME\n" + frame.tobytes() + chroma + chroma)
    return str(path)


@pytest.fixture
def camera_page(playwright_instance, live_server, tmp_path):
    """camera_page(text, user) -> page: a phone-sized page signed in as `user`, whose camera films the QR code of
    `text`, with no BarcodeDetector."""
    from tests.conftest import CHROMIUM

    browsers = []

    def open_(text, user):
        video = qr_video(text, tmp_path / f"qr-{len(browsers)}.y4m")
        browser = playwright_instance.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--use-fake-device-for-media-stream",
                "--use-fake-ui-for-media-stream",
                f"--use-file-for-fake-video-capture={video}",
            ],
        )
        browsers.append(browser)
        context = browser.new_context(viewport={"width": 375, "height": 800}, locale="zh-CN", base_url=live_server.url)
        context.set_default_timeout(20000)
        context.grant_permissions(["camera"], origin=live_server.url)
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
        context.add_init_script(NO_BARCODE_DETECTOR)
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.errors = errors
        return page

    yield open_
    for browser in browsers:
        browser.close()


@pytest.fixture(autouse=True)
def _https_site(settings):
    settings.SITE_URL = "https://portal.example.cn"


def _scan(page):
    assert page.evaluate("'BarcodeDetector' in window") is False
    assert page.evaluate("typeof window.jsQR") == "function"
    page.click("[data-scanner-start]")


def test_merchant_counter_scans_the_card_with_the_bundled_decoder_and_records_the_use(camera_page, artifacts_dir):
    card = bf.issued_card(profile__real_name="王建国")
    member = bf.merchant_member(bf.merchant(name="扫码测试便利店"))
    bf.offer(member.merchant, title="日用品九折")
    link = tokens.card_link(tokens.dynamic_token(card.token_id))  # what the holder's card page shows now
    page = camera_page(link, member)
    page.goto("/benefits/merchant/verify/")
    _scan(page)
    status = page.locator("[data-testid=verify-status]")
    status.wait_for()
    assert status.get_attribute("data-status") == "valid"
    assert page.locator("[data-testid=verify-name]").inner_text() == "王**"
    assert not CardUse.objects.exists()  # reading the code records nothing
    page.select_option("select[name=offer]", label="日用品九折")
    page.locator("form:has(input[value=confirm]) button[type=submit]").click()
    page.wait_for_selector("[data-testid=use-recorded]")
    page.screenshot(path=os.path.join(artifacts_dir, "scan-merchant-counter.png"), full_page=True)
    assert CardUse.objects.filter(card=card, merchant=member.merchant, member=member).count() == 1
    assert page.errors == []


def test_fair_door_scans_the_ticket_with_the_bundled_decoder_and_checks_in(camera_page):
    fair = JobFairFactory(starts_at=timezone.now() + datetime.timedelta(minutes=30))
    registration = fair_register(fair=fair, user=factories.VeteranFactory(profile__real_name="李卫国"))
    staff = factories.StaffFactory()
    page = camera_page(tickets.ticket_link(tickets.ticket_token(registration)), staff)
    page.goto(f"/jobs/fairs/{fair.pk}/scan/")
    _scan(page)
    page.wait_for_selector("[data-testid=scan-result]")
    assert "李**" in page.locator("[data-testid=scan-result]").inner_text()
    registration = FairRegistration.objects.get(pk=registration.pk)
    assert registration.checked_in_at and registration.checked_in_by == staff
    assert page.errors == []


def test_class_attendance_scans_the_trainers_code_with_the_bundled_decoder(camera_page):
    institution = InstitutionFactory()
    training_class = TrainingClassFactory(course__institution=institution)
    veteran = factories.VeteranFactory()
    enrollment = training_services.enrollment_create(training_class=training_class, veteran=veteran)
    session = SessionFactory(training_class=training_class)
    # What the trainer's screen shows now: a link to the session's check-in page with the current token.
    path = f"/training/sessions/{session.pk}/check-in/?t={checkin.checkin_token(session.pk, checkin.time_step())}"
    page = camera_page(portal_link(path), veteran)
    page.goto("/training/me/")
    _scan(page)
    page.wait_for_url(f"**/training/sessions/{session.pk}/check-in/?t=*")
    assert not Attendance.objects.exists()  # opening the link records nothing
    page.locator("form#check-in-form button[type=submit]").click()
    page.wait_for_selector("[data-testid=check-in-result]")
    assert Attendance.objects.filter(session=session, enrollment=enrollment, method=Attendance.Method.QR).exists()
    assert page.errors == []


def test_denied_camera_falls_back_to_typing_explained(browser, live_server):
    member = bf.merchant_member()
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="zh-CN", base_url=live_server.url)
    client = Client()
    client.force_login(member)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    context.add_init_script(
        NO_BARCODE_DETECTOR
        + "navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('no', 'NotAllowedError'));"
    )
    page = context.new_page()
    page.goto("/benefits/merchant/verify/")
    page.click("[data-scanner-start]")
    expect(page.locator("[data-scanner-status]")).to_contain_text("拒绝")
    expect(page.locator("[data-scanner-start]")).to_be_hidden()  # no dead button
    assert page.evaluate("document.activeElement.name") == "token"
    context.close()


def _signed_in(browser, live_server, user):
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="zh-CN", base_url=live_server.url)
    context.set_default_timeout(15000)
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    return context.new_page()


def test_cashier_types_the_short_code_shown_on_the_card_page(browser, live_server, artifacts_dir):
    card = bf.issued_card(profile__real_name="王建国")
    holder = _signed_in(browser, live_server, card.holder)
    holder.goto("/benefits/card/")
    short = holder.locator("[data-testid=card-short-code]")
    expect(short).to_have_text(re.compile(r"^\d{4} \d{4}$"))  # grouped for reading aloud
    holder.screenshot(path=os.path.join(artifacts_dir, "scan-card-short-code.png"), full_page=True)
    counter = _signed_in(browser, live_server, bf.merchant_member())
    counter.goto("/benefits/merchant/verify/")
    counter.fill("input[name=token]", short.inner_text())
    counter.locator("#verify-form button[type=submit]").click()
    expect(counter.locator("[data-testid=verify-status]")).to_have_attribute("data-status", "valid")
    holder.context.close()
    counter.context.close()


def test_door_steward_uploads_a_photo_of_the_ticket_instead_of_filming_it(browser, live_server, tmp_path):
    fair = JobFairFactory(starts_at=timezone.now() + datetime.timedelta(minutes=30))
    registration = fair_register(fair=fair, user=factories.VeteranFactory())
    photo = tmp_path / "ticket.png"
    photo.write_bytes(qr_png(tickets.ticket_link(tickets.ticket_token(registration))))
    page = _signed_in(browser, live_server, factories.StaffFactory())
    page.context.add_init_script(NO_BARCODE_DETECTOR)
    page.goto(f"/jobs/fairs/{fair.pk}/scan/")
    page.set_input_files("[data-scanner-file]", str(photo))
    page.wait_for_selector("[data-testid=scan-result]")
    assert FairRegistration.objects.get(pk=registration.pk).checked_in_at
    page.context.close()
