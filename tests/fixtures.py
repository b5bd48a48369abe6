"""Fixtures every app's tests can use: users per role, clients, a browser page, a real Celery worker."""

import os

import pytest

from tests import factories

ARTIFACTS = os.path.join(os.path.dirname(os.path.dirname(__file__)), "test-artifacts")


@pytest.fixture
def veteran(db):
    return factories.VeteranFactory()


@pytest.fixture
def staff_user(db):
    return factories.StaffFactory()


@pytest.fixture
def employer_member(db):
    return factories.OrgMemberFactory(org_type="employer")


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


@pytest.fixture
def artifacts_dir():
    os.makedirs(ARTIFACTS, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def playwright_instance():
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_instance):
    from tests.conftest import CHROMIUM

    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
        ],
    )
    yield browser
    browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="zh-CN", base_url=live_server.url)
    context.set_default_timeout(15000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def celery_worker_real(transactional_db, settings):
    """A real Celery worker thread consuming from Redis (not eager), on a queue private to this test process."""
    from celery.contrib.testing.worker import start_worker

    from portal.celery import app
    from tests.celery_redis import celery_on_redis

    with (
        celery_on_redis(settings, prefix="test") as queue,
        start_worker(app, queues=[queue], perform_ping_check=False, pool="solo", shutdown_timeout=10) as worker,
    ):
        yield worker
