"""The parts of a position's page every visitor sees alike, and the search form's fields, are kept rendered
(jobs.page_cache): every change they show is on the next page, each language has its own copy, and nothing of one
visitor's (an application, a name) reaches another's page. The forms the job pages offer come from the user's cached
record (offers_applying, applies_as_family), made stale by a profile's creation."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jobs.models import Position
from jobs.services.applications import application_submit
from jobs.services.positions import positions_expire
from portal.models import Consent, MilitarySpecialty, Region, VeteranProfile
from tests.factories import UserFactory, VeteranFactory, family_member, region
from tests.jobs.factories import JobFairFactory, PositionFactory

pytestmark = pytest.mark.django_db


def _page(client, position, **headers) -> str:
    response = client.get(reverse("jobs:position_detail", args=[position.pk]), **headers)
    assert response.status_code == 200
    return response.content.decode()


def test_the_second_page_reads_neither_specialties_nor_other_positions(client):
    position = PositionFactory()
    PositionFactory(organization=position.organization, title="同单位的另一个岗位")
    _page(client, position)
    with CaptureQueriesContext(connection) as captured:
        page = _page(client, position)
    assert "同单位的另一个岗位" in page
    tables = " ".join(query["sql"] for query in captured.captured_queries)
    assert "militaryspecialty" not in tables
    assert len(captured.captured_queries) == 2  # the position's organization (for the tokens), the position


def test_a_saved_position_shows_its_new_details(client):
    position = PositionFactory(title="旧的岗位名称", description="旧的描述")
    assert "旧的描述" in _page(client, position)
    position.title, position.description = "新的岗位名称", "新的描述"
    position.save()
    page = _page(client, position)
    assert "新的描述" in page and "新的岗位名称" in page and "旧的描述" not in page


def test_specialties_organization_and_region_names_are_shown_when_changed(client):
    position = PositionFactory()
    specialty = MilitarySpecialty.objects.order_by("pk").first()
    _page(client, position)
    position.military_specialties.add(specialty)
    assert specialty.name in _page(client, position)
    organization = position.organization
    organization.name = "改过名的用人单位"
    organization.save()
    assert "改过名的用人单位" in _page(client, position)
    district = Region.objects.get(pk=position.region_id)
    district.name = "改过名的区"
    district.save()
    assert "改过名的区" in _page(client, position)
    specialty.name = "改过名的专业"
    specialty.save()
    assert "改过名的专业" in _page(client, position)


def test_other_positions_of_the_employer_follow_their_changes(client):
    position = PositionFactory()
    assert "后来发布的岗位" not in _page(client, position)
    other = PositionFactory(organization=position.organization, title="后来发布的岗位")
    assert "后来发布的岗位" in _page(client, position)
    other.status = Position.Status.CLOSED
    other.save()
    assert "后来发布的岗位" not in _page(client, position)


def test_expiry_by_queryset_update_is_shown(client):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    position = PositionFactory(deadline=yesterday)
    PositionFactory(organization=position.organization, title="已过期的同单位岗位", deadline=yesterday)
    first = _page(client, position)
    assert "已过期的同单位岗位" in first and 'class="alert alert-warning"' not in first
    assert positions_expire() == 2
    page = _page(client, position)
    assert 'class="alert alert-warning"' in page
    assert "已过期的同单位岗位" not in page


def test_each_language_has_its_own_copy(client):
    position = PositionFactory()
    chinese = _page(client, position)
    english = _page(client, position, HTTP_ACCEPT_LANGUAGE="en")
    assert "岗位描述" in chinese and "Job description" not in chinese
    assert "Job description" in english and "岗位描述" not in english
    assert "岗位描述" in _page(client, position)


def test_one_visitors_application_never_shows_on_anothers_page(client):
    position = PositionFactory()
    applicant, other = VeteranFactory(), VeteranFactory()
    application_submit(
        position=position, veteran=applicant, share_consent=True, channel=Consent.Channel.WEB, note="", fair=None
    )
    client.force_login(applicant)
    mine = _page(client, position)
    assert 'data-testid="application-status"' in mine and applicant.username in mine
    client.force_login(other)
    theirs = _page(client, position)
    assert 'data-testid="application-status"' not in theirs and applicant.username not in theirs
    assert f'action="{reverse("jobs:apply", args=[position.pk])}"' in theirs
    client.logout()
    anonymous = _page(client, position)
    assert 'data-testid="application-status"' not in anonymous and reverse("account_login") in anonymous


def test_the_fair_a_visitor_came_from_is_not_kept_for_the_next(client):
    position = PositionFactory()
    PositionFactory(organization=position.organization)
    fair = JobFairFactory(is_published=True)
    url = reverse("jobs:position_detail", args=[position.pk])
    with_fair = client.get(url, {"fair": fair.pk}).content.decode()
    assert f"?fair={fair.pk}" in with_fair
    assert f"?fair={fair.pk}" not in _page(client, position)


def test_the_apply_form_follows_a_new_profile(client):
    position = PositionFactory()
    user = UserFactory()
    client.force_login(user)
    apply_action = f'action="{reverse("jobs:apply", args=[position.pk])}"'
    before = _page(client, position)
    assert apply_action not in before and reverse("portal:profile_edit") in before
    VeteranProfile.objects.create(user=user, real_name="新登记的退役军人", region=region("350102"))
    assert apply_action in _page(client, position)


def test_a_family_member_is_told_a_veterans_only_position_is_not_for_them(client):
    position = PositionFactory(welcomes_family=False)
    client.force_login(family_member())
    page = _page(client, position)
    assert 'data-testid="veterans-only"' in page


def test_the_save_search_form_follows_a_new_profile(client):
    user = UserFactory()
    client.force_login(user)
    url = reverse("jobs:index") + "?q=驾驶"
    assert 'data-testid="save-search"' not in client.get(url).content.decode()
    VeteranProfile.objects.create(user=user, real_name="新登记的退役军人", region=region("350102"))
    assert 'data-testid="save-search"' in client.get(url).content.decode()


def test_the_search_form_offers_a_newly_published_fair_and_a_renamed_region(client):
    client.force_login(VeteranFactory())  # visitors get the whole page from its own minute-long cache
    url = reverse("jobs:index") + "?q=驾驶"
    fair = JobFairFactory(is_published=False, title="尚未发布的招聘会")
    assert "尚未发布的招聘会" not in client.get(url).content.decode()
    fair.is_published = True
    fair.save()
    assert "尚未发布的招聘会" in client.get(url).content.decode()
    city = Region.objects.get(code="350100")
    city.name = "改过名的市"
    city.save()
    assert "改过名的市" in client.get(url).content.decode()


def test_applying_asks_the_profile_not_the_record(client):
    """The record only says which form to offer: a profile moved by a queryset update (which sends no signal, so
    the record may still offer the form) no longer lets its former owner apply."""
    position = PositionFactory()
    user = VeteranFactory()
    client.force_login(user)
    assert f'action="{reverse("jobs:apply", args=[position.pk])}"' in _page(client, position)
    VeteranProfile.objects.filter(user=user).update(user=UserFactory())
    client.post(reverse("jobs:apply", args=[position.pk]), {"share_consent": "on"})
    assert not position.applications.filter(veteran=user).exists()
