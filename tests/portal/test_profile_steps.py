"""The guided 退役报到: five steps, each saved on its own through veteran_profile_save without touching another
step's fields, a step indicator, an error summary linking to the fields, and the region cascade kept after an
error. (The keyboard-only run in a real browser is tests/e2e/test_signup_profile_browser.py.)"""

import re

import pytest

from portal.models import MilitarySpecialty, OccupationCategory, Region, VeteranProfile
from portal.profile_forms import PROFILE_STEPS
from portal.services.profiles import veteran_profile_save
from tests.factories import UserFactory, VeteranFactory
from tests.portal.helpers import profile_form_data, step_data

pytestmark = pytest.mark.django_db


def test_the_steps_are_the_five_of_the_registration_in_order():
    assert [s.key for s in PROFILE_STEPS] == ["identity", "service", "contact", "intentions", "resume"]
    assert PROFILE_STEPS[0].fields[:2] == ("real_name", "id_number")  # the ID number in the first step


def test_edit_opens_the_first_step_still_missing_something(client):
    client.force_login(UserFactory())
    assert client.get("/me/edit/")["Location"] == "/me/edit/identity/"
    veteran = VeteranFactory()  # name, branch, phone and region saved; no skills or intentions yet
    client.force_login(veteran)
    assert client.get("/me/edit/")["Location"] == "/me/edit/intentions/"


def test_later_steps_need_the_identity_first_and_unknown_steps_are_404(client):
    client.force_login(UserFactory())
    assert client.get("/me/edit/contact/")["Location"] == "/me/edit/identity/"
    assert client.get("/me/edit/nonsense/").status_code == 404


def test_saving_one_step_keeps_every_other_steps_fields(client):
    veteran = VeteranFactory()
    profile = veteran.veteran_profile
    specialty = MilitarySpecialty.objects.get(code="M01")
    category = OccupationCategory.objects.filter(parent__isnull=False).first()
    xiamen = Region.objects.get(code="350200")
    veteran_profile_save(
        user=veteran,
        data={
            "military_specialties": [specialty],
            "desired_categories": [category],
            "desired_regions": [xiamen],
            "skills": ["焊接"],
        },
    )
    client.force_login(veteran)
    contact = step_data("contact", profile_form_data(phone="13722223333"))
    assert client.post("/me/edit/contact/", contact)["Location"] == "/me/edit/intentions/"
    service = step_data("service", profile_form_data(military_specialties=[specialty.pk]))
    assert client.post("/me/edit/service/", service).status_code == 302
    profile.refresh_from_db()
    assert profile.phone == "13722223333" and profile.region.code == "350102"
    assert profile.service_branch == "army" and profile.rank == "sergeant"
    assert list(profile.desired_categories.all()) == [category] and list(profile.desired_regions.all()) == [xiamen]
    assert profile.skills == ["焊接"] and profile.real_name == "张伟" and profile.id_number_encrypted


def test_a_step_is_checked_only_in_its_own_fields(client):
    veteran = VeteranFactory()
    VeteranProfile.objects.filter(user=veteran).update(expected_salary=None, real_name="张伟")
    client.force_login(veteran)
    bad_dates = step_data("service", profile_form_data(enlistment_date="2015-01-01", discharge_date="2012-01-01"))
    response = client.post("/me/edit/service/", bad_dates)
    assert response.status_code == 400 and set(response.context["form"].errors) == {"discharge_date"}


def test_the_step_indicator_marks_the_current_step_and_links_the_others(client, veteran):
    client.force_login(veteran)
    page = client.get("/me/edit/contact/").content.decode()
    current = re.findall(r'<span aria-current="step">(.*?)</span>\s*$', page, flags=re.M)
    assert len(re.findall('aria-current="step"', page)) == 1 and current
    assert "联系方式与地区" in current[0]
    for key in ("identity", "service", "intentions", "resume"):
        assert f'href="/me/edit/{key}/"' in page
    assert "第 3 步，共 5 步" in page
    assert 'href="/me/edit/service/">返回' in page.replace('class="btn btn-outline-secondary" ', "")


def test_an_error_gets_a_summary_that_links_to_each_field(client, veteran):
    client.force_login(veteran)
    for field, data in [
        ("id_city", step_data("contact", profile_form_data(city=""))),  # the form's own error
        ("id_phone", step_data("contact", profile_form_data(phone="123"))),  # the service's refusal
    ]:
        page = client.post("/me/edit/contact/", data).content.decode()
        summary = re.search(r'<div class="alert alert-danger error-summary"[^>]*>(.*?)</div>', page, flags=re.S)
        assert summary and 'tabindex="-1"' in page and "data-error-summary" in page
        assert f'href="#{field}"' in summary.group(1)
        assert "js/error-summary.js" in page  # the module that moves focus to it (no inline script: the CSP)


def test_the_district_stays_chosen_after_an_error(client, veteran):
    client.force_login(veteran)
    xiamen, siming = Region.objects.get(code="350200"), Region.objects.get(code="350203")
    data = step_data("contact", profile_form_data(phone="123", city=xiamen.pk, district=siming.pk))
    response = client.post("/me/edit/contact/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert re.search(rf'<option value="{siming.pk}" selected>', page), "the district of the posted city is chosen"
    assert re.search(rf'<option value="{xiamen.pk}" selected>', page)
    veteran.veteran_profile.refresh_from_db()
    assert veteran.veteran_profile.region.code == "350102"  # nothing saved from the refused step


def test_multi_selects_are_searchable_and_grouped(client, veteran):
    client.force_login(veteran)
    service = client.get("/me/edit/service/").content.decode()
    assert re.search(r'<select name="military_specialties"[^>]*data-enhance="search"', service)
    assert "vendor/tom-select/tom-select.complete.min.js" in service
    intentions = client.get("/me/edit/intentions/").content.decode()
    assert "<optgroup label=" in intentions  # occupations under their field
    assert re.search(r'<select name="desired_cities"[^>]*data-enhance="search"', intentions)


def test_the_resume_step_is_optional_and_finishes_on_the_profile(client, veteran):
    client.force_login(veteran)
    response = client.post("/me/edit/resume/", {})
    assert response.status_code == 302 and response["Location"] == "/me/"
