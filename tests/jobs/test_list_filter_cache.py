"""The job list caches its filter fields' HTML; errors and selections must never come from another request."""

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def test_bad_filter_value_shows_its_error_even_after_a_cached_render(client):
    assert client.get("/jobs/").status_code == 200  # fills the cache for "no filters"
    bad = client.get("/jobs/?salary_min=abc")
    assert bad.status_code == 200
    assert "invalid-feedback" in bad.content.decode()
    again = client.get("/jobs/")
    assert "invalid-feedback" not in again.content.decode()


def test_selected_education_is_kept_per_query(client):
    one = client.get("/jobs/?education=4").content.decode()
    other = client.get("/jobs/?education=2").content.decode()
    assert '<option value="4" selected>' in one
    assert '<option value="2" selected>' in other and '<option value="4" selected>' not in other
