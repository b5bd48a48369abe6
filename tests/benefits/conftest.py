"""Fixtures of the benefits tests."""

import importlib

import pytest


@pytest.fixture
def reference_data(transactional_db):
    """Transactional tests flush the database afterwards, taking the migrations' reference data (regions,
    industries) with it; reload it when an earlier transactional test left the tables empty."""
    from django.apps import apps

    from benefits.models import Industry
    from portal.models import Region

    if not Region.objects.exists():
        importlib.import_module("portal.migrations.0002_reference_data").load(apps, None)
    if not Industry.objects.exists():
        importlib.import_module("benefits.migrations.0002_industries").load(apps, None)
