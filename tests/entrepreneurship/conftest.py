import importlib

import pytest

# tests/conftest.py star-imports tests.fixtures, which skips the underscore-named `_playwright` fixture that
# `browser` depends on; import it here explicitly (lead: a shared fix in tests/conftest.py would make this redundant).
from tests.fixtures import _playwright  # noqa: F401


@pytest.fixture(autouse=True)
def _reference_data_for_transactional_tests(request):
    """A transactional test can start after another one flushed the database (reference data included): reload
    regions, occupations and specialties from the portal's data migration when they are missing."""
    marker = request.node.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("transaction")):
        return
    request.getfixturevalue("transactional_db")
    from django.apps import apps

    from portal.models import Region

    if not Region.objects.exists():
        importlib.import_module("portal.migrations.0002_reference_data").load(apps, None)
