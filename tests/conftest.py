"""Shared fixtures. With REQUIRE_SERVICES=1 (CI), a test that needs PostgreSQL, Redis or the browser fails
instead of skipping, so a missing service can never turn into a quietly green run."""

import os
import shutil

import pytest
from django.conf import settings
from django.db import connection, connections
from pytest_django.plugin import blocking_manager_key, validate_django_db

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


def missing_service(reason: str):
    if REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1 but {reason}", pytrace=False)
    pytest.skip(reason)


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres") and not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        missing_service("this test needs PostgreSQL (set DATABASE_URL)")
    if item.get_closest_marker("redis") and not os.environ.get("REDIS_URL"):
        missing_service("this test needs Redis (set REDIS_URL)")
    if item.get_closest_marker("browser") and not CHROMIUM:
        missing_service("this test needs Debian's chromium (apt-get install chromium)")


def pytest_collection_modifyitems(items):
    # Thread-heavy PostgreSQL tests (50 connections each) share one xdist worker so that two of them never run at
    # once and exhaust the server's connection limit (`make test` runs with --dist loadgroup).
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(pytest.mark.xdist_group("postgres-threads"))


def _transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")  # (transaction, reset_sequences, databases, serialized_rollback, …)
    return bool(marker and validate_django_db(marker)[0]) or "transactional_db" in item.fixturenames


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    # A transactional test's flush refills the reference rows itself (the post_migrate handlers of portal, jobs and
    # benefits); a connection the test broke is not handed to the next one. (After the last test the databases
    # are gone.)
    if nextitem is not None and _transactional(item):
        with item.config.stash[blocking_manager_key].unblock():
            for alias in connections:
                connections[alias].close_if_unusable_or_obsolete()
    return result


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_cache():
    # The tests' cache is one local-memory store per process: rate-limit counters and allauth's record of used TOTP
    # codes must not leak from one test into the next (two tests using the demo secret in the same 30 s window).
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def is_postgres():
    return connection.vendor == "postgresql"


from tests.fixtures import *  # noqa: E402, F403
