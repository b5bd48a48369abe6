"""The service tests match English messages; the site's default language is Chinese."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_messages():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The search page caches its result counts for a minute; tests must not see another test's counts."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
