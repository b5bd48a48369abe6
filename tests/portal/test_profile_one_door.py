"""One door for the veteran profile: the page, the API, the import and the counter search obey the same rules.

Validation lives in veteran_profile_save (same translated messages everywhere); a verified identity that changes goes
back to review; claiming another account's ID number gets a neutral, rate-limited answer that staff hear about;
phone numbers are stored encrypted with a keyed hash for lookup; no ID number reaches a staff search URL.
"""

import pytest
from django.core.exceptions import FieldError
from django.db import connection

from portal import crypto
from portal.models import AuditLog, Notification, User, VeteranProfile
from portal.services.profiles import veteran_profile_verify
from portal.staff import imports
from portal.synthetic import make_id_number
from tests.factories import StaffFactory, UserFactory, VeteranFactory
from tests.portal.helpers import post_profile

pytestmark = pytest.mark.django_db

PHONE_MESSAGE = "请输入 11 位中国大陆手机号码。"  # validate_phone's message in zh-hans
NEUTRAL = "该身份证号无法在此登记，请联系您所在的退役军人服务站。"
TOO_MANY = "此账号尝试登记身份证号的次数过多，请一小时后再试。"


def _raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def _page_errors(client, **overrides) -> dict:
    response = post_profile(client, **overrides)
    assert response.status_code == 400
    return {field: list(errors) for field, errors in response.context["form"].errors.items()}


def _api_errors(api_client, payload) -> dict:
    response = api_client.patch("/api/v1/me/profile/", payload, format="json")
    assert response.status_code == 400, response.content
    return response.json()


# --- validation lives in the service ---------------------------------------------------------------------------


def test_profile_api_refuses_a_bad_phone_with_the_page_message(client, api_client, veteran):
    client.force_login(veteran)
    api_client.force_authenticate(veteran)
    page = _page_errors(client, phone="not-a-phone", id_number="")
    api = _api_errors(api_client, {"phone": "not-a-phone"})
    assert page["phone"] == api["phone"] == [PHONE_MESSAGE]
    veteran.veteran_profile.refresh_from_db()
    assert veteran.veteran_profile.phone == "13900000000"


def test_account_api_refuses_a_bad_phone_with_the_same_message(api_client, veteran):
    api_client.force_authenticate(veteran)
    response = api_client.patch("/api/v1/me/", {"phone": "12345"}, format="json")
    assert response.status_code == 400 and response.json()["phone"] == [PHONE_MESSAGE]
    response = api_client.patch("/api/v1/me/", {"language": "fr"}, format="json")
    assert response.status_code == 400 and "language" in response.json()
    response = api_client.patch("/api/v1/me/", {"phone": "139 1234 5678", "language": "en"}, format="json")
    assert response.status_code == 200
    veteran.refresh_from_db()
    assert veteran.phone == "13912345678" and veteran.language == "en"


@pytest.mark.parametrize(
    "page_input, api_input, page_field, api_field",
    [
        ({"phone": "12345"}, {"phone": "12345"}, "phone", "phone"),
        (
            {"enlistment_date": "2015-01-01", "discharge_date": "2012-01-01"},
            {"enlistment_date": "2015-01-01", "discharge_date": "2012-01-01"},
            "discharge_date",
            "discharge_date",
        ),
        ({"id_number": "350102199001010017"}, {"id_number": "350102199001010017"}, "id_number", "id_number"),
        ({"skills_text": "驾驶, " + "长" * 31}, {"skills": ["驾驶", "长" * 31]}, "skills_text", "skills"),
        ({"expected_salary": "-5"}, {"expected_salary": -5}, "expected_salary", "expected_salary"),
    ],
    ids=["phone", "dates", "id-checksum", "skill-length", "salary"],
)
def test_page_and_api_give_identical_errors(client, api_client, veteran, page_input, api_input, page_field, api_field):
    client.force_login(veteran)
    api_client.force_authenticate(veteran)
    page = _page_errors(client, **{"id_number": "", **page_input})
    api = _api_errors(api_client, api_input)
    assert page[page_field] == api[api_field]
    assert set(page) == {page_field} and set(api) == {api_field}  # nothing else was wrong with the input


def test_skills_are_cleaned_one_way_on_page_and_api(client, api_client):
    page_user, api_user = VeteranFactory(), VeteranFactory()
    client.force_login(page_user)
    response = post_profile(client, id_number="", skills_text=" 驾驶, 电工，驾驶 ,, 无人机 ")
    assert response.status_code == 302
    api_client.force_authenticate(api_user)
    response = api_client.patch(
        "/api/v1/me/profile/", {"skills": [" 驾驶", "电工", "驾驶 ", "", "无人机"]}, format="json"
    )
    assert response.status_code == 200
    page_user.veteran_profile.refresh_from_db()
    api_user.veteran_profile.refresh_from_db()
    assert page_user.veteran_profile.skills == api_user.veteran_profile.skills == ["驾驶", "电工", "无人机"]


def test_import_row_with_a_bad_phone_is_refused_with_the_page_message():
    checker = imports.RowChecker()
    row = checker.check(
        2, {"real_name": "王五", "id_number": make_id_number(seq=801), "phone": "1234567", "region": "350102"}
    )
    assert PHONE_MESSAGE in row.errors
    good = checker.check(
        3, {"real_name": "王六", "id_number": make_id_number(seq=803), "phone": "139-1234-5678", "region": "350102"}
    )
    assert good.errors == [] and good.data["phone"] == "13912345678"


# --- a verified identity that changes goes back to review ------------------------------------------------------


def _verified(veteran, staff):
    profile = veteran.veteran_profile
    VeteranProfile.objects.filter(pk=profile.pk).update(status=VeteranProfile.Status.SUBMITTED)
    return veteran_profile_verify(profile=profile, staff_user=staff)


def _staff_notices(kind: str, staff) -> list[Notification]:
    return list(Notification.objects.filter(recipient=staff, kind=kind))


def test_identity_change_resets_verification_and_tells_staff(client, veteran):
    staff, other_staff = StaffFactory(), StaffFactory()
    profile = _verified(veteran, staff)
    assert profile.verified_by == staff
    client.force_login(veteran)
    response = post_profile(client, id_number="", real_name="李强强")
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.status == VeteranProfile.Status.SUBMITTED
    assert profile.verified_by is None and profile.verified_at is None
    for member in (staff, other_staff):
        notices = _staff_notices("profile_review", member)
        assert len(notices) == 1 and notices[0].url == f"/admin/portal/veteranprofile/{profile.pk}/change/"
    assert not _staff_notices("profile_review", UserFactory())  # not a veteran or a plain user
    assert AuditLog.objects.filter(target_id=str(profile.pk), detail__event="verification_withdrawn").count() == 1


def test_id_number_change_through_the_api_resets_verification(api_client, veteran):
    staff = StaffFactory()
    profile = _verified(veteran, staff)
    api_client.force_authenticate(veteran)
    new_number = make_id_number("350102", seq=905)
    response = api_client.patch("/api/v1/me/profile/", {"id_number": new_number}, format="json")  # consent is live
    assert response.status_code == 200, response.content
    profile.refresh_from_db()
    assert profile.status == VeteranProfile.Status.SUBMITTED and profile.verified_by is None
    assert len(_staff_notices("profile_review", staff)) == 1


def test_a_change_of_skills_keeps_the_verification(client, api_client, veteran):
    staff = StaffFactory()
    profile = _verified(veteran, staff)
    api_client.force_authenticate(veteran)
    response = api_client.patch("/api/v1/me/profile/", {"skills": ["焊接"], "phone": "13711112222"}, format="json")
    assert response.status_code == 200
    same_number = profile.get_id_number()
    response = api_client.patch("/api/v1/me/profile/", {"id_number": same_number}, format="json")
    assert response.status_code == 200
    profile.refresh_from_db()
    assert profile.status == VeteranProfile.Status.VERIFIED and profile.verified_by == staff
    assert not _staff_notices("profile_review", staff)


# --- no ID-number oracle ---------------------------------------------------------------------------------------


def test_claiming_a_held_id_number_is_answered_neutrally_and_staff_are_told(client, api_client):
    holder, claimant = VeteranFactory(), UserFactory()
    staff = StaffFactory()
    taken = holder.veteran_profile.get_id_number()
    api_client.force_authenticate(claimant)
    payload = {"real_name": "赵六", "phone": "13700000000", "id_number": taken, "id_number_consent": True}
    response = api_client.put("/api/v1/me/profile/", payload, format="json")
    assert response.status_code == 400 and response.json() == {"id_number": [NEUTRAL]}
    client.force_login(claimant)
    assert _page_errors(client, id_number=taken)["id_number"] == [NEUTRAL]
    assert not VeteranProfile.objects.filter(user=claimant).exists()
    # every attempt is audited; reviewing staff get one notice (per day, claimant and number), without the number
    attempts = AuditLog.objects.filter(detail__event="id_number_claim_conflict", actor=claimant)
    assert attempts.count() == 2 and attempts[0].target_id == str(holder.veteran_profile.pk)
    notices = _staff_notices("staff_alert", staff)
    assert len(notices) == 1 and taken not in notices[0].title + notices[0].body
    assert claimant.username in notices[0].body
    assert not Notification.objects.filter(recipient=holder, kind="staff_alert").exists()


def test_id_number_claims_are_rate_limited_per_account(api_client, settings):
    settings.ID_NUMBER_CLAIMS_PER_HOUR = 5
    holder, guesser = VeteranFactory(), UserFactory()
    taken = holder.veteran_profile.get_id_number()
    api_client.force_authenticate(guesser)
    base = {"real_name": "赵六", "phone": "13700000000", "id_number_consent": True}
    for seq in range(4):  # four wrong guesses, then the real one: all get the same answer
        response = api_client.put("/api/v1/me/profile/", {**base, "id_number": taken}, format="json")
        assert response.json() == {"id_number": [NEUTRAL]}
    free = make_id_number("350102", seq=951)
    response = api_client.put("/api/v1/me/profile/", {**base, "id_number": free}, format="json")
    assert response.status_code == 200  # the fifth attempt of the hour is still allowed
    for number in (taken, make_id_number("350102", seq=953)):  # the sixth is refused, taken or not
        response = api_client.put("/api/v1/me/profile/", {**base, "id_number": number}, format="json")
        assert response.status_code == 400 and response.json() == {"id_number": [TOO_MANY]}
    # another account has its own allowance
    api_client.force_authenticate(UserFactory())
    response = api_client.put("/api/v1/me/profile/", {**base, "id_number": make_id_number(seq=955)}, format="json")
    assert response.status_code == 200


# --- staff search keeps numbers out of URLs --------------------------------------------------------------------


def test_staff_id_search_is_a_post_and_leaves_no_number_in_the_url(client):
    veteran = VeteranFactory(profile__real_name="陈建国")
    number = veteran.veteran_profile.get_id_number()
    client.force_login(StaffFactory())
    response = client.post("/staff/act/", {"q": number})
    assert response.status_code == 302
    assert number not in response["Location"] and number[-4:] not in response["Location"]
    page = client.get(response["Location"])
    assert veteran.veteran_profile.masked_id_number in page.content.decode()
    assert number not in page.content.decode()
    assert number not in str(dict(client.session))  # only its keyed hash is kept for paging
    # the old GET form does not search at all
    response = client.get("/staff/act/", {"q": number})
    assert response.status_code == 200 and response.context["page"] is None
    assert veteran.veteran_profile.masked_id_number not in response.content.decode()


def test_staff_search_by_name_and_phone_with_pages(client):
    for _ in range(23):
        VeteranFactory(profile__real_name="周大海")
    target = VeteranFactory(profile__real_name="吴小川", profile__phone="13755556666")
    client.force_login(StaffFactory())
    first = client.post("/staff/act/", {"q": "周大海"}, follow=True)
    assert len(first.context["page"].object_list) == 20 and first.context["page"].paginator.count == 23
    second = client.get(first.redirect_chain[-1][0] + "&page=2")
    assert len(second.context["page"].object_list) == 3
    by_phone = client.post("/staff/act/", {"q": "137 5555 6666"}, follow=True)
    assert list(by_phone.context["page"].object_list) == [target.veteran_profile]
    by_last4 = client.post("/staff/act/", {"q": "6666"}, follow=True)
    assert target.veteran_profile in by_last4.context["page"].object_list


# --- phones are stored encrypted -------------------------------------------------------------------------------


def test_phones_are_not_stored_in_clear_and_lookup_by_phone_works(api_client):
    veteran = VeteranFactory(profile__phone="13866667777")
    profile = veteran.veteran_profile
    raw = _raw("portal_veteranprofile", "phone_encrypted", profile.pk)
    assert "13866667777" not in raw and crypto.decrypt(raw) == "13866667777"
    assert list(VeteranProfile.objects.with_phone("138-6666-7777")) == [profile]
    assert not VeteranProfile.objects.with_phone("13866667778").exists()
    with pytest.raises(FieldError):
        VeteranProfile.objects.filter(phone="13866667777").exists()  # not a column: no clear value to compare
    api_client.force_authenticate(veteran)
    assert api_client.patch("/api/v1/me/", {"phone": "13512340000"}, format="json").status_code == 200
    assert "13512340000" not in _raw("portal_user", "phone_encrypted", veteran.pk)
    assert User.objects.filter(User.phone_q("13512340000")).get() == veteran


def test_bulk_created_profiles_as_in_seed_scale_are_encrypted_and_findable():
    users = User.objects.bulk_create([User(username=f"bulk-{n}", password="!") for n in range(2)])
    VeteranProfile.objects.bulk_create(
        [VeteranProfile(user=user, real_name="张伟", phone=f"1390000222{n}") for n, user in enumerate(users)]
    )
    profile = VeteranProfile.objects.with_phone("13900002221").get()
    assert profile.user == users[1] and profile.phone_last4 == "2221"
    assert "13900002221" not in _raw("portal_veteranprofile", "phone_encrypted", profile.pk)


def test_erasing_the_account_leaves_no_phone_or_phone_hash():
    from portal.services.accounts import user_erase

    veteran = VeteranFactory(profile__phone="13822223333")
    user_erase(user=veteran)
    profile = veteran.veteran_profile
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT phone_encrypted, phone_hash, phone_last4 FROM portal_veteranprofile WHERE id = %s", [profile.pk]
        )
        assert cursor.fetchone() == ("", None, "")
    assert not VeteranProfile.objects.with_phone("13822223333").exists()


def test_family_link_lookups_share_the_hourly_id_allowance(client, settings):
    from portal.models import Region

    settings.ID_NUMBER_CLAIMS_PER_HOUR = 5
    veteran = VeteranFactory()
    client.force_login(UserFactory())
    data = {
        "real_name": "林芳",
        "id_number": make_id_number("350102", seq=702, male=False),
        "relation": "spouse",
        "phone": "13600000000",
        "city": Region.objects.get(code="350100").pk,
    }
    for seq in range(5):  # guessing the veteran's number: each lookup counts
        response = client.post("/me/family/", {**data, "veteran_id_number": make_id_number("350102", seq=710 + seq)})
        assert "无法与该身份证号的退役军人登记关联" in response.content.decode()
    response = client.post("/me/family/", {**data, "veteran_id_number": veteran.veteran_profile.get_id_number()})
    assert TOO_MANY in response.content.decode()  # even the right number is no longer looked up this hour


def test_admin_change_pages_edit_the_encrypted_phone_with_the_models_rules(client, veteran):
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    page = client.get(f"/admin/portal/veteranprofile/{veteran.veteran_profile.pk}/change/")
    assert page.status_code == 200 and 'value="13900000000"' in page.content.decode()
    page = client.get(f"/admin/portal/user/{veteran.pk}/change/")
    assert page.status_code == 200 and 'name="phone"' in page.content.decode()
    from django.forms import modelform_factory

    from portal.admin import ProfileAdminForm

    form_class = modelform_factory(VeteranProfile, form=ProfileAdminForm, fields=["phone", "employment_status"])
    form = form_class({"phone": "12", "employment_status": "seeking"}, instance=veteran.veteran_profile)
    assert not form.is_valid() and form.errors["phone"] == [PHONE_MESSAGE]
    form = form_class({"phone": "13700001234", "employment_status": "seeking"}, instance=veteran.veteran_profile)
    assert form.is_valid(), form.errors
    form.save()
    assert VeteranProfile.objects.with_phone("13700001234").get() == veteran.veteran_profile
