"""The live room in a real browser: a viewer's open page follows a presenter switch made by staff in another
browser within a few seconds and without reloading, and one tap applies, attributed to the fair and the booth."""

import os

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from jobs.models import Application, JobFair
from jobs.services.live import fair_presenter_set
from tests.factories import StaffFactory, VeteranFactory
from tests.jobs.live_helpers import live_fair

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def contexts(browser):
    """Browser contexts opened by the test, closed before the database is flushed (open rooms keep polling)."""
    opened = []
    yield opened
    for context in opened:
        context.close()


def signed_in(browser, live_server, user, errors, contexts):
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="zh-CN", base_url=live_server.url)
    context.set_default_timeout(15000)
    contexts.append(context)
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    page = context.new_page()
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    return page


def test_switching_the_presenter_reaches_an_open_viewer_and_one_tap_applies(
    browser, live_server, artifacts_dir, contexts
):
    room = live_fair()
    staff = StaffFactory()
    fair_presenter_set(fair=room.fair, booth=room.booths[0], actor=staff)
    veteran = VeteranFactory()
    errors = []

    viewer = signed_in(browser, live_server, veteran, errors, contexts)
    viewer.goto(f"/jobs/fairs/{room.fair.pk}/live/")
    expect(viewer.locator("[data-testid=presenting-name]")).to_have_text(room.booths[0].organization.name)
    expect(viewer.locator("[data-testid=no-stream]")).to_be_visible()  # no playable stream: the room still works
    expect(viewer.locator("[data-testid=viewer-count]")).to_have_text("1")
    viewer.evaluate("window.__stillTheSamePage = true")

    control = signed_in(browser, live_server, staff, errors, contexts)
    control.goto(f"/jobs/fairs/{room.fair.pk}/live/")
    control.select_option("#id_booth", str(room.booths[1].pk))
    control.click("[data-testid=switch-presenter]")
    expect(control.locator("[data-testid=live-message]")).to_be_visible()
    assert JobFair.objects.get(pk=room.fair.pk).presenting_booth_id == room.booths[1].pk

    # The viewer's page polls every 3 s: the new presenter and their positions appear without a reload.
    expect(viewer.locator("[data-testid=presenting-name]")).to_have_text(room.booths[1].organization.name, timeout=8000)
    expect(viewer.locator("[data-testid=presenting-positions]")).to_contain_text("物流调度员")
    assert viewer.evaluate("window.__stillTheSamePage") is True
    expect(viewer.locator("[data-testid=viewer-count]")).to_have_text("2", timeout=20000)  # staff watch too

    viewer.click("[data-testid=live-apply]")
    expect(viewer.locator("[data-testid=live-message]")).to_contain_text("投递成功")
    expect(viewer.locator("[data-applied]")).to_be_visible()
    viewer.screenshot(path=os.path.join(artifacts_dir, "live-room-375.png"), full_page=True)
    application = Application.objects.get(veteran=veteran)
    assert application.position == room.booths[1].positions.get()
    assert (application.fair_id, application.booth_id, application.source) == (
        room.fair.pk,
        room.booths[1].pk,
        Application.Source.LIVE,
    )
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_an_hls_stream_that_cannot_play_leaves_a_working_room(browser, live_server, contexts):
    room = live_fair(stream_url=f"{live_server.url}/static/no-such-stream/index.m3u8")
    errors = []
    viewer = signed_in(browser, live_server, VeteranFactory(), errors, contexts)
    viewer.goto(f"/jobs/fairs/{room.fair.pk}/live/")
    expect(viewer.locator("[data-testid=live-video]")).to_have_attribute("data-state", "failed", timeout=15000)
    expect(viewer.locator("#stream-note")).to_be_visible()
    assert viewer.evaluate("typeof window.Hls") == "function"  # the bundled player, not a CDN
    assert not [e for e in errors if "Content Security Policy" in e], errors
