import pytest

from tests.factories import OrgMemberFactory
from tests.training.factories import InstitutionFactory, TrainingClassFactory


@pytest.fixture
def institution_member(db):
    return OrgMemberFactory(organization=InstitutionFactory())


@pytest.fixture
def training_class(institution_member):
    return TrainingClassFactory(course__institution=institution_member.organization)
