import pytest

from tests.factories import OrgMemberFactory
from tests.training.factories import InstitutionFactory, TrainingClassFactory


@pytest.fixture
def institution_member(db):
    return OrgMemberFactory(organization=InstitutionFactory())


@pytest.fixture
def training_class(institution_member):
    return TrainingClassFactory(course__institution=institution_member.organization)


# `from tests.fixtures import *` in tests/conftest.py skips underscore names, so the `browser` fixture could not find
# its `_playwright` dependency; import it here explicitly.
from tests.fixtures import _playwright  # noqa: E402, F401


@pytest.fixture(autouse=True)
def _english_messages():
    """Service messages are asserted in their English source form; pages still render per request (zh-hans)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def reference_data(transactional_db):
    """Transactional tests flush the database afterwards, reference data (regions …) included; reload if gone."""
    import importlib

    from django.apps import apps

    from portal.models import Region

    if not Region.objects.exists():
        importlib.import_module("portal.migrations.0002_reference_data").load(apps, None)
