"""Reference data (regions, occupations, specialties, benefit industries) reads in the active language."""

import json
import re

import pytest
from django.utils import translation

from benefits.models import Industry
from portal.models import MilitarySpecialty, OccupationCategory, Region
from portal.reference_data import DATA

pytestmark = pytest.mark.django_db
CJK = re.compile(r"[\u3400-\u9fff]")


def test_every_region_in_the_data_file_has_an_english_name_without_chinese():
    regions = json.loads((DATA / "regions.json").read_text(encoding="utf-8"))
    assert regions and all(r["name_en"] and not CJK.search(r["name_en"]) for r in regions)


def test_region_names_follow_the_active_language():
    gulou = Region.objects.get(code="350102")
    with translation.override("en"):
        assert gulou.label == "Gulou District"
        assert gulou.full_name == "Gulou District, Fuzhou, Fujian Province"
        assert str(Region.objects.get(code="110101")) == "Dongcheng District, Beijing"
    with translation.override("zh-hans"):
        assert gulou.label == "鼓楼区"
        assert gulou.full_name == "福建省 福州市 鼓楼区"


@pytest.mark.parametrize("model", [Region, OccupationCategory, MilitarySpecialty, Industry])
def test_no_reference_row_lacks_an_english_name(model):
    assert model.objects.exists()
    assert not model.objects.filter(name_en="").exists()
    with translation.override("en"):
        assert not [str(row) for row in model.objects.all()[:500] if CJK.search(str(row))]


def test_a_row_without_english_name_falls_back_to_chinese():
    specialty = MilitarySpecialty(code="X1", name="汽车驾驶", name_en="")
    with translation.override("en"):
        assert specialty.label == "汽车驾驶"


def test_region_api_gives_the_label_in_the_request_language(client):
    city = Region.objects.get(code="350100")
    rows = client.get(f"/api/v1/regions/?parent={city.pk}", HTTP_ACCEPT_LANGUAGE="en").json()
    gulou = next(r for r in rows if r["code"] == "350102")
    assert (gulou["label"], gulou["name"]) == ("Gulou District", "鼓楼区")
