"""Admin search finds people as counter staff know them: by whole Chinese name, full ID number and mobile number
(never by a part of a name: a surname would list a province), from the profile and from the records that point at
the person (issue 22, item 1)."""

import pytest

from jobs.models import Application
from portal.models import VeteranProfile
from tests.factories import StaffFactory, VeteranFactory
from tests.jobs.factories import PositionFactory

pytestmark = pytest.mark.django_db


def _found(client, url, term) -> set[int]:
    response = client.get(url, {"q": term})
    assert response.status_code == 200
    return {obj.pk for obj in response.context["cl"].result_list}


@pytest.fixture
def people():
    ouyang = VeteranFactory(profile__real_name="欧阳建军", profile__phone="13812345678")
    other = VeteranFactory(profile__real_name="李明")
    position = PositionFactory()
    mine = Application.objects.create(position=position, veteran=ouyang)
    theirs = Application.objects.create(position=position, veteran=other)
    return ouyang, other, mine, theirs


def test_applications_are_found_by_the_applicants_whole_chinese_name(client, people):
    _ouyang, _other, mine, _theirs = people
    client.force_login(StaffFactory())
    url = "/admin/jobs/application/"
    assert _found(client, url, "欧阳建军") == {mine.pk}
    assert _found(client, url, "建军") == set()
    assert _found(client, url, "欧阳") == set()
    assert _found(client, url, "张三丰") == set()


def test_profiles_and_users_are_found_by_full_id_number_and_mobile_never_by_a_fragment(client, people):
    ouyang, other, _mine, _theirs = people
    client.force_login(StaffFactory())
    profile = VeteranProfile.objects.get(user=ouyang)
    id_number = profile.get_id_number()
    assert _found(client, "/admin/portal/veteranprofile/", id_number) == {profile.pk}
    assert _found(client, "/admin/portal/veteranprofile/", id_number.lower()) == {profile.pk}
    assert _found(client, "/admin/portal/veteranprofile/", id_number[:10]) == set()
    assert _found(client, "/admin/portal/veteranprofile/", "13812345678") == {profile.pk}
    assert _found(client, "/admin/portal/user/", "欧阳建军") == {ouyang.pk}
    assert other.pk not in _found(client, "/admin/portal/user/", "13812345678")


def test_every_admin_that_finds_people_answers_a_name_an_id_number_and_a_phone(client, people):
    from django.contrib import admin

    from portal.admin_search import PersonSearchMixin

    ouyang = people[0]
    client.force_login(StaffFactory())
    searching = [(m, a) for m, a in admin.site._registry.items() if isinstance(a, PersonSearchMixin)]
    assert len(searching) >= 15
    for model, _admin in searching:
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        for term in ("欧阳建军", ouyang.veteran_profile.get_id_number(), "13812345678"):
            assert client.get(url, {"q": term}).status_code == 200, (url, term)
