import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache():
    """The dashboard is cached, and allauth remembers used TOTP codes in the cache: start and end clean."""
    cache.clear()
    yield
    cache.clear()
