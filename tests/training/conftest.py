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
