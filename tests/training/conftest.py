import pytest

from tests.factories import OrgMemberFactory
from tests.training.factories import InstitutionFactory, TrainingClassFactory


@pytest.fixture
def institution_member(db):
    return OrgMemberFactory(organization=InstitutionFactory())


@pytest.fixture
def training_class(institution_member):
    return TrainingClassFactory(course__institution=institution_member.organization)


@pytest.fixture(autouse=True)
def _english_messages():
    """Service messages are asserted in their English source form; pages still render per request (zh-hans)."""
    from django.utils import translation

    with translation.override("en"):
        yield
