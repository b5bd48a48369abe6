"""Acting for a veteran at the counter: find, act (profile edit, résumé), audited, visible to the veteran."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.models import AuditLog, VeteranProfile
from portal.staff.selectors import veterans_find
from tests.factories import StaffFactory, VeteranFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_find_by_id_suffix_phone_or_name():
    target = VeteranFactory(profile__real_name="陈建国", profile__phone="13712345678")
    other = VeteranFactory(profile__real_name="刘洋", profile__phone="13700000000")
    last4 = target.veteran_profile.id_number_last4
    found = list(veterans_find(last4))
    assert target.veteran_profile in found
    # a suffix can be shared; the other veteran appears only if their ID or phone really ends the same way
    if other.veteran_profile in found:
        assert last4 in (other.veteran_profile.id_number_last4, "0000")
    assert list(veterans_find("13712345678")) == [target.veteran_profile]
    assert list(veterans_find("建国")) == [target.veteran_profile]


def _start(client, staff, veteran):
    client.force_login(staff)
    response = client.post(f"/staff/act/{veteran.pk}/start/")
    assert response.status_code == 302 and response["Location"] == "/staff/act/current/"


def test_search_page_shows_masked_data_only(client):
    veteran = VeteranFactory(profile__real_name="陈建国")
    client.force_login(StaffFactory())
    response = client.post("/staff/act/", {"q": veteran.veteran_profile.id_number_last4}, follow=True)
    page = response.content.decode()
    assert veteran.veteran_profile.masked_id_number in page
    assert veteran.veteran_profile.get_id_number() not in page
    assert "陈建国" not in page and "陈**" in page


def test_staff_edits_the_profile_for_the_veteran_and_it_is_recorded(client):
    staff = StaffFactory(first_name="晓", last_name="张")
    veteran = VeteranFactory(profile__real_name="陈建国", profile__region_code="350102")
    _start(client, staff, veteran)
    page = client.get("/staff/act/current/profile/")
    assert page.status_code == 200
    assert veteran.veteran_profile.get_id_number() not in page.content.decode()
    profile = veteran.veteran_profile
    response = client.post(
        "/staff/act/current/profile/",
        {
            "real_name": "陈建国",
            "phone": "13911110000",
            "city": profile.region.parent_id,
            "district": profile.region_id,
            "service_branch": "army",
            "education": 2,
            "employment_status": "employed",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    profile.refresh_from_db()
    assert profile.phone == "13911110000" and profile.employment_status == "employed"
    entries = AuditLog.objects.filter(action=AuditLog.Action.ACT_FOR, on_behalf_of=veteran)
    assert [e.detail["event"] for e in entries.order_by("pk")] == ["start", "portal.profile_edit"]
    assert all(e.actor == staff for e in entries)
    # the veteran sees who acted and when
    client.force_login(veteran)
    mine = client.get("/me/").content.decode()
    listing = mine.split('id="acted-for-me"')[1].split("</ul>")[0]
    assert staff.get_full_name() in listing
    assert listing.count("<li>") == 2


def test_staff_uploads_a_resume_for_the_veteran(client):
    staff = StaffFactory()
    veteran = VeteranFactory()
    _start(client, staff, veteran)
    response = client.post("/staff/act/current/resume/", {"resume": SimpleUploadedFile("cv.pdf", PDF)})
    assert response.status_code == 302
    assert VeteranProfile.objects.get(user=veteran).resume.name.endswith(".pdf")
    assert AuditLog.objects.filter(on_behalf_of=veteran, detail__event="portal.resume_upload").count() == 1
    bad = client.post("/staff/act/current/resume/", {"resume": SimpleUploadedFile("cv.pdf", b"not a pdf")})
    assert bad.status_code == 400


def test_acting_pages_need_a_chosen_veteran_and_stop_clears_it(client):
    staff = StaffFactory()
    client.force_login(staff)
    assert client.get("/staff/act/current/profile/")["Location"] == "/staff/act/"
    veteran = VeteranFactory()
    _start(client, staff, veteran)
    assert client.get("/staff/act/current/").status_code == 200
    client.post("/staff/act/stop/")
    assert client.get("/staff/act/current/")["Location"] == "/staff/act/"


def test_cannot_act_for_a_user_without_a_veteran_profile(client):
    client.force_login(StaffFactory())
    other = StaffFactory()
    assert client.post(f"/staff/act/{other.pk}/start/").status_code == 404
