"""Sign-up → e-mail confirmation → login → profile completion, and every way the profile form refuses bad input."""

import re

import pytest
from django.core import mail
from stdnum.cn import ric

from portal.models import Role, VeteranProfile
from portal.synthetic import make_id_number
from tests.factories import VeteranFactory
from tests.portal.helpers import fake_pdf_upload, pdf_upload, post_profile, profile_form_data, step_data

pytestmark = pytest.mark.django_db


def test_signup_confirm_login_and_complete_profile(client):
    # given a visitor who signs up
    response = client.post(
        "/accounts/signup/",
        {
            "email": "li@example.cn",
            "username": "liqiang",
            "password1": "Strong-pass-2026",
            "password2": "Strong-pass-2026",
        },
    )
    assert response.status_code == 302
    # then a confirmation e-mail arrives and logging in is refused until it is confirmed
    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+/accounts/confirm-email/(\S+)/", mail.outbox[0].body)
    assert link
    client.logout()
    response = client.post("/accounts/login/", {"login": "liqiang", "password": "Strong-pass-2026"})
    assert response.status_code == 302 and "confirm-email" in response["Location"]
    # when the link is confirmed (POST), login works by e-mail too
    assert client.post(f"/accounts/confirm-email/{link.group(1)}/").status_code == 302
    response = client.post("/accounts/login/", {"login": "li@example.cn", "password": "Strong-pass-2026"})
    assert response.status_code == 302
    # and the profile can be completed
    data = profile_form_data()
    response = post_profile(client, files={"resume": pdf_upload()})
    assert response["Location"] == "/me/"
    assert response.status_code == 302, response.content.decode()[:2000]
    profile = VeteranProfile.objects.get(user__username="liqiang")
    assert profile.status == VeteranProfile.Status.SUBMITTED
    assert profile.birth_date.isoformat() == "1990-01-01"
    assert profile.gender == "M"
    assert profile.region.code == "350102"
    assert profile.skills == ["驾驶", "物流", "仓储"]
    assert profile.resume.name.startswith("resumes/") and profile.resume.name.endswith(".pdf")
    assert profile.user.has_role(Role.VETERAN)
    page = client.get("/me/").content.decode()
    assert profile.masked_id_number in page
    assert data["id_number"] not in page


@pytest.mark.parametrize(
    ("id_number", "message"),
    [
        ("350102199001010017", "校验位"),  # wrong check digit
        ("35010219900101001", "18"),  # too short
        ("35010219901301001" + ric.calc_check_digit("350102199013010010"), "出生日期"),  # month 13, valid checksum
    ],
)
def test_bad_id_number_is_refused_with_a_clear_message(client, id_number, message):
    user = VeteranFactory.build()
    user.save()
    client.force_login(user)
    response = post_profile(client, id_number=id_number)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not VeteranProfile.objects.filter(user=user).exists()


def test_duplicate_id_number_is_refused_and_saves_nothing(client):
    existing = VeteranFactory()
    taken = existing.veteran_profile.get_id_number()
    other = VeteranFactory.build(username="other")
    other.save()
    client.force_login(other)
    response = post_profile(client, id_number=taken)
    assert response.status_code == 400
    assert "该身份证号无法在此登记" in response.content.decode()  # neutral: see test_profile_one_door.py
    assert not VeteranProfile.objects.filter(user=other).exists()


def test_oversized_resume_is_refused(client, settings):
    settings.RESUME_MAX_BYTES = 1024
    user = VeteranFactory.build()
    user.save()
    client.force_login(user)
    response = post_profile(client, files={"resume": pdf_upload(size=4096)})
    assert response.status_code == 400
    assert "文件过大" in response.content.decode()
    assert not VeteranProfile.objects.get(user=user).resume  # the earlier steps are saved, the file is not


def test_fake_resume_is_refused_by_content(client):
    user = VeteranFactory.build()
    user.save()
    client.force_login(user)
    response = post_profile(client, files={"resume": fake_pdf_upload()})
    assert response.status_code == 400
    assert "不是允许的类型" in response.content.decode()
    assert not VeteranProfile.objects.get(user=user).resume  # the earlier steps are saved, the file is not


def test_failed_edit_keeps_what_was_saved(client, veteran):
    profile = veteran.veteran_profile
    client.force_login(veteran)
    contact = step_data("contact", profile_form_data(phone="123"))
    response = client.post("/me/edit/contact/", contact)
    assert response.status_code == 400
    profile.refresh_from_db()
    assert profile.phone == "13900000000" and profile.region.code == "350102"
    assert profile.real_name == "张伟"


def test_keeping_the_stored_id_number_when_left_empty(client, veteran):
    before = veteran.veteran_profile.id_number_hash
    client.force_login(veteran)
    response = post_profile(client, id_number="", real_name="张伟伟")
    assert response.status_code == 302
    veteran.veteran_profile.refresh_from_db()
    assert veteran.veteran_profile.id_number_hash == before
    assert veteran.veteran_profile.real_name == "张伟伟"


def test_district_must_belong_to_city(client):
    user = VeteranFactory.build()
    user.save()
    client.force_login(user)
    from portal.models import Region

    hangzhou_district = Region.objects.get(code="330106")
    response = post_profile(client, district=hangzhou_district.pk, id_number=make_id_number(seq=77))
    assert response.status_code == 400 and "district" in response.context["form"].errors
    assert VeteranProfile.objects.get(user=user).region is None


def test_resume_download_is_only_for_the_owner(client, veteran):
    client.force_login(veteran)
    assert client.get("/me/resume/").status_code == 404  # none uploaded
