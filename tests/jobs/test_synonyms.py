"""The job search's synonyms and occupation aliases (issue 18, item 3): 货车司机 finds 驾驶员 positions, 司机 and 驾驶员
find each other, staff edits re-index, the admin searches in Chinese; the district filter narrows (PG and SQLite)."""

import importlib

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jobs.models import SearchSynonym
from jobs.selectors import position_search
from jobs.services import synonyms as services
from portal.search import segment
from tests import factories
from tests.jobs.factories import PositionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def seeded():
    """The seed migration's entries the tests rely on (a transactional test elsewhere may have flushed them)."""
    for kind, term, words in [
        ("synonyms", "驾驶员", "司机 驾驶人员 驾车员"),
        ("synonyms", "保安", "安保 保安员 安保员 护卫 门卫"),
        ("synonyms", "货车", "卡车 货运车 重卡"),
        ("alias", "货车司机", "驾驶员 货车"),
    ]:
        SearchSynonym.objects.get_or_create(term=term, defaults={"kind": kind, "words": words})


def test_the_migration_seeds_about_thirty_groups_and_the_common_aliases():
    assert SearchSynonym.objects.filter(kind="synonyms").count() >= 30
    assert set(SearchSynonym.objects.filter(kind="alias").values_list("term", flat=True)) >= {"货车司机", "网约车司机"}


def test_truck_driver_finds_driver_positions_that_drive_trucks():
    truck = PositionFactory(title="重型货车驾驶员", description="持A2驾照，跑省内干线物流。")
    truck_driver = PositionFactory(title="货车司机", description="城配送货。")
    lorry = PositionFactory(title="物流公司驾驶员", description="驾驶厢式卡车，往返福州与厦门。")
    bus = PositionFactory(title="大客车驾驶员", description="负责城市公交线路运营。")
    guard = PositionFactory(title="保安员", description="园区巡逻。")
    found = set(position_search(q="货车司机"))
    assert found == {truck, truck_driver, lorry}
    assert bus not in found and guard not in found


def test_synonyms_find_each_other_both_ways():
    driver = PositionFactory(title="大客车驾驶员", description="负责城市公交线路运营。")
    taxi = PositionFactory(title="出租车司机", description="夜班。")
    security = PositionFactory(title="安保专员", description="负责写字楼安全。")
    assert set(position_search(q="司机")) == {driver, taxi}
    assert set(position_search(q="驾驶员")) == {driver, taxi}
    assert set(position_search(q="保安")) == {security}


def test_a_synonym_word_is_kept_whole_by_the_jobs_tokenizer_only():
    from jobs import thesaurus

    assert "货车司机" in thesaurus.current().segment("招聘货车司机").split()
    assert "货车司机" not in segment("招聘货车司机").split()  # other apps' segmentation is unchanged


def test_staff_edit_reindexes_positions(django_capture_on_commit_callbacks):
    staff = factories.StaffFactory()
    medic = PositionFactory(title="卫生员", description="负责厂区医务室。")
    assert list(position_search(q="医护")) == []
    with django_capture_on_commit_callbacks(execute=True):
        services.synonym_save(synonym=SearchSynonym(kind="synonyms", term="卫生员", words="医护，医护人员"), user=staff)
    assert list(position_search(q="医护")) == [medic]
    entry = SearchSynonym.objects.get(term="卫生员")
    assert entry.words == "医护 医护人员"  # separators normalised
    with django_capture_on_commit_callbacks(execute=True):
        services.synonym_delete(synonym=entry, user=staff)
    assert list(position_search(q="医护")) == []


@pytest.mark.parametrize(
    "term,words,field,message",
    [
        ("", "司机", "term", "Enter one word"),
        ("驾 驶", "司机", "term", "Enter one word"),
        ("新词", "新词", "words", "at least one other word"),
        ("师傅", "司机", "words", "Already in another entry: 司机（驾驶员）"),
        ("货车司机", "师傅", "term", "Already in another entry"),
    ],
)
def test_bad_entries_are_refused_with_a_reason(term, words, field, message):
    staff = factories.StaffFactory()
    with pytest.raises(ValidationError) as exc:
        services.synonym_save(synonym=SearchSynonym(kind="synonyms", term=term, words=words), user=staff)
    assert message in " ".join(exc.value.message_dict[field])


def test_only_staff_edit_synonyms():
    from portal.exceptions import AccessDenied

    with pytest.raises(AccessDenied):
        services.synonym_save(synonym=SearchSynonym(term="厨子", words="厨师"), user=factories.VeteranFactory())


def test_admin_searches_synonyms_in_chinese_and_saves_through_the_service(client, django_capture_on_commit_callbacks):
    admin_user = factories.StaffFactory(is_superuser=True)
    client.force_login(admin_user)
    changelist = reverse("admin:jobs_searchsynonym_changelist")
    page = client.get(changelist, {"q": "司机"}).content.decode()
    assert "驾驶员" in page and "货车司机" in page and "保安" not in page
    response = client.post(
        reverse("admin:jobs_searchsynonym_add"), {"kind": "synonyms", "term": "师傅", "words": "司机", "note": ""}
    )
    assert response.status_code == 200 and "司机（驾驶员）" in response.content.decode()  # the form shows why
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:jobs_searchsynonym_add"), {"kind": "synonyms", "term": "理货员", "words": "理货", "note": ""}
        )
    assert response.status_code == 302
    assert SearchSynonym.objects.get(term="理货员").updated_by == admin_user


# --- the district filter ----------------------------------------------------------------------------------------


def test_the_district_filter_narrows_to_the_district(client):
    gulou = PositionFactory(title="仓库管理员甲", region=factories.region("350102"))
    taijiang = PositionFactory(title="仓库管理员乙", region=factories.region("350103"))
    xiamen = PositionFactory(title="仓库管理员丙", region=factories.region("350203"))
    fuzhou, district = factories.region("350100"), factories.region("350102")
    assert set(position_search(region=fuzhou)) == {gulou, taijiang}
    assert list(position_search(region=district)) == [gulou]
    page = client.get(reverse("jobs:index"), {"city": fuzhou.pk, "district": district.pk}).content.decode()
    assert gulou.title in page and taijiang.title not in page and xiamen.title not in page
    assert f'<option value="{district.pk}" selected>' in page  # the city's districts are offered beside it


def test_a_district_outside_the_city_is_a_clear_error(client):
    PositionFactory(title="仓库管理员甲", region=factories.region("350102"))
    params = {"city": factories.region("350200").pk, "district": factories.region("350102").pk}
    response = client.get(reverse("jobs:index"), params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "This district is not in the chosen region." in response.content.decode()


def test_the_api_filters_by_district(api_client):
    gulou = PositionFactory(title="仓库管理员甲", region=factories.region("350102"))
    PositionFactory(title="仓库管理员乙", region=factories.region("350103"))
    response = api_client.get("/api/v1/positions/", {"district": "350102"})
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [gulou.pk]
    assert api_client.get("/api/v1/positions/", {"district": "350100"}).status_code == 400  # a city, not a district
    assert api_client.get("/api/v1/positions/", {"district": "x"}).status_code == 400


@pytest.mark.django_db(transaction=True)
def test_a_flush_puts_back_the_seeded_thesaurus_and_a_migrate_leaves_it_as_staff_left_it():
    from django.apps import apps
    from django.core.management import call_command
    from django.db.models.signals import post_migrate

    from benefits.models import Industry
    from portal.models import Region

    seeded = importlib.import_module("jobs.migrations.0005_seed_search_synonyms")
    call_command("flush", interactive=False, verbosity=0)
    assert SearchSynonym.objects.count() == len(seeded.SYNONYMS) + len(seeded.ALIASES)
    assert Industry.objects.count() == 12 and Region.objects.exists()

    SearchSynonym.objects.all().delete()  # the staff emptied it; a deployment's migrate (it passes its plan) keeps that
    post_migrate.send(
        sender=apps.get_app_config("jobs"),
        app_config=apps.get_app_config("jobs"),
        verbosity=0,
        interactive=False,
        using="default",
        plan=[],
        apps=apps,
    )
    assert not SearchSynonym.objects.exists()
