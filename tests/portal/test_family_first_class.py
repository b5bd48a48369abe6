"""Family members (随军家属/优抚对象) as first-class users: a profile with a proof that staff verify on the workbench,
then positions, fairs and classes open to families, a card titled for its kind, and the demo family member."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from PIL import Image

from benefits.models import Card
from benefits.services import cards as card_services
from jobs.models import Application, FairRegistration, Position
from jobs.selectors import position_search
from jobs.services.applications import application_submit
from jobs.services.fair_registrations import fair_register
from portal.models import AuditLog, FamilyMemberProfile, Notification, Region
from portal.services.family import FAMILY_NOT_VERIFIED, family_profile_verify
from tests import factories
from tests.benefits import factories as bf
from tests.jobs.factories import JobFairFactory, PositionFactory
from tests.training.factories import TrainingClassFactory
from training.models import Enrollment
from training.services import enrollment_create

pytestmark = pytest.mark.django_db

NOT_VERIFIED_ZH = "工作人员尚未核验您与退役军人关系的证明材料"


def _form_data(veteran, **extra):
    return {
        "real_name": "林芳",
        "id_number": factories.next_id_number(),
        "relation": "spouse",
        "veteran_id_number": veteran.veteran_profile.get_id_number(),
        "phone": "13600000000",
        "city": Region.objects.get(code="350100").pk,
        **extra,
    }


def _gps_photo():
    """A JPEG carrying EXIF (a camera model and GPS), as a phone's picture of a certificate would."""
    image = Image.new("RGB", (80, 60), (200, 190, 170))
    exif = Image.Exif()
    exif[0x0110] = "PhoneCam 12"  # Model
    exif[0x8825] = {1: "N", 2: (26.0, 5.0, 0.0)}  # GPSInfo: latitude
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("IMG_0001.jpg", buffer.getvalue(), content_type="image/jpeg")


# --- profile, proof and staff verification ------------------------------------------------------------------------


def test_relation_choices_cover_military_families_and_entitled_survivors():
    relations = set(FamilyMemberProfile.Relation.values)
    assert {"spouse", "child", "parent", "martyr_family", "duty_death_family", "illness_death_family"} <= relations
    with translation.override("zh-hans"):
        assert FamilyMemberProfile(relation="spouse").kind_label == "随军家属"
        assert FamilyMemberProfile(relation="martyr_family").kind_label == "优抚对象"
        assert FamilyMemberProfile(relation="martyr_family").get_relation_display() == "烈属"


def test_family_form_uploads_a_sanitised_proof_and_opens_with_the_stored_values(client, veteran):
    user = factories.UserFactory()
    client.force_login(user)
    response = client.post("/me/family/", _form_data(veteran, proof=_gps_photo()))
    assert response.status_code == 302
    profile = FamilyMemberProfile.objects.get(user=user)
    assert profile.proof and "IMG_0001" not in profile.proof.name  # never the user's file name
    with profile.proof.open("rb") as handle, Image.open(handle) as stored:
        assert not stored.getexif()  # no camera, no GPS
    assert profile.is_pending() and not profile.verified

    page = client.get("/me/family/").content.decode()
    assert 'value="林芳"' in page and 'value="13600000000"' in page
    assert '<option value="spouse" selected>' in page
    assert profile.masked_id_number in page  # the stored number is shown masked, never in full
    assert profile.get_id_number() not in page

    # Saved untouched (ID numbers left empty, no new file): the profile keeps its link and proof.
    proof_name = profile.proof.name
    untouched = _form_data(veteran, id_number="", veteran_id_number="", city=Region.objects.get(code="350100").pk)
    assert client.post("/me/family/", untouched).status_code == 302
    profile.refresh_from_db()
    assert profile.veteran == veteran.veteran_profile and profile.proof.name == proof_name


def test_a_file_that_is_not_an_image_is_refused_next_to_the_field(client, veteran):
    client.force_login(factories.UserFactory())
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("proof.png", b"%PDF-1.4 not an image", content_type="image/png")
    with translation.override("en"):
        response = client.post("/me/family/", _form_data(veteran, proof=fake), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "id_proof_errors" in response.content.decode()
    assert not FamilyMemberProfile.objects.exists()


def test_the_proof_is_served_only_to_its_holder_and_to_staff(client):
    family = factories.family_member(verified=False)
    profile = family.family_profile
    other = factories.UserFactory()
    client.force_login(family)
    assert client.get("/me/family/proof/").status_code == 200
    client.force_login(other)
    assert client.get("/me/family/proof/").status_code == 404  # they have no profile: nothing of anyone else
    assert client.get(f"/staff/families/{profile.pk}/proof/").status_code == 403
    client.force_login(factories.StaffFactory())
    response = client.get(f"/staff/families/{profile.pk}/proof/")
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"


def test_staff_send_back_with_a_reason_then_confirm_on_the_workbench(client):
    family = factories.family_member(verified=False)
    profile = family.family_profile
    staff = factories.StaffFactory()
    client.force_login(staff)
    listing = client.get("/staff/families/").content.decode()
    assert f"/staff/families/{profile.pk}/" in listing

    refused = client.post(f"/staff/families/{profile.pk}/", {"decision": "reject", "note": ""})
    assert refused.status_code == 400
    profile.refresh_from_db()
    assert profile.is_pending()

    client.post(f"/staff/families/{profile.pk}/", {"decision": "reject", "note": "证明照片不清晰，请重新上传"})
    profile.refresh_from_db()
    assert not profile.verified and profile.review_note == "证明照片不清晰，请重新上传"
    assert Notification.objects.filter(recipient=family, kind="profile_review").exists()
    assert f"/staff/families/{profile.pk}/" not in client.get("/staff/families/").content.decode()
    assert f"/staff/families/{profile.pk}/" in client.get("/staff/families/?state=returned").content.decode()

    # The family member uploads a clearer photo: back in the queue, then confirmed.
    client.force_login(family)
    veteran_number = profile.veteran.get_id_number()
    data = _form_data(profile.veteran.user, id_number="", veteran_id_number=veteran_number)
    assert client.post("/me/family/", {**data, "proof": factories.proof_upload()}).status_code == 302
    profile.refresh_from_db()
    assert profile.is_pending()
    client.force_login(staff)
    assert client.post(f"/staff/families/{profile.pk}/", {"decision": "approve"}).status_code == 302
    profile.refresh_from_db()
    assert profile.is_verified() and profile.reviewed_by == staff
    assert AuditLog.objects.filter(action=AuditLog.Action.VERIFY, target_id=str(profile.pk)).exists()


def test_no_confirmation_without_a_proof_and_staff_can_attach_one_at_the_counter(client):
    family = factories.family_member(verified=False, proof=False)
    profile = family.family_profile
    staff = factories.StaffFactory()
    with translation.override("en"), pytest.raises(ValidationError, match="No proof"):
        family_profile_verify(profile=profile, staff_user=staff)
    client.force_login(staff)
    assert client.post(f"/staff/families/{profile.pk}/", {"proof": factories.proof_upload()}).status_code == 302
    profile.refresh_from_db()
    assert profile.proof
    entry = AuditLog.objects.get(action=AuditLog.Action.ACT_FOR, on_behalf_of=family)
    assert entry.actor == staff
    family_profile_verify(profile=profile, staff_user=staff)
    assert FamilyMemberProfile.objects.get(pk=profile.pk).is_verified()


def test_family_review_pages_are_for_staff_only(client):
    profile = factories.family_member(verified=False).family_profile
    client.force_login(factories.VeteranFactory())
    assert client.get("/staff/families/").status_code == 403
    assert client.post(f"/staff/families/{profile.pk}/", {"decision": "approve"}).status_code == 403
    assert not FamilyMemberProfile.objects.get(pk=profile.pk).verified


# --- positions, fairs, classes ------------------------------------------------------------------------------------


def test_unverified_family_member_is_refused_everywhere_with_a_message_saying_so(client):
    family = factories.family_member(verified=False)
    position = PositionFactory()
    fair = JobFairFactory()
    training_class = TrainingClassFactory(open_to_families=True)
    for attempt in (
        lambda: application_submit(share_consent=True, channel="web", position=position, veteran=family),
        lambda: fair_register(fair=fair, user=family),
        lambda: enrollment_create(training_class=training_class, veteran=family),
    ):
        with pytest.raises(ValidationError) as caught:
            attempt()
        assert caught.value.messages == [str(FAMILY_NOT_VERIFIED)]
    assert not Application.objects.exists() and not FairRegistration.objects.exists()
    assert not Enrollment.objects.exists()

    client.force_login(family)
    response = client.post(f"/jobs/{position.pk}/apply/", follow=True)
    assert NOT_VERIFIED_ZH in response.content.decode()
    assert "请先完善退役军人信息再投递" not in response.content.decode()


def test_verified_family_member_applies_and_the_employer_sees_the_relation(client):
    employer = factories.OrgMemberFactory(org_type="employer")
    position = PositionFactory(organization=employer.memberships.get().organization)
    family = factories.family_member(relation="spouse")
    client.force_login(family)
    client.post(f"/jobs/{position.pk}/apply/", {"note": "我是随军家属", "share_consent": "on"})
    application = Application.objects.get(position=position, veteran=family)
    assert application.profile_snapshot["applicant_kind"] == "family"
    assert application.profile_snapshot["relation"] == "spouse"
    assert application.profile_snapshot["name"] == "林*"

    client.force_login(employer)
    detail = client.get(f"/jobs/employer/applications/{application.pk}/").content.decode()
    assert "随军家属 · 配偶" in detail
    assert "随军家属 · 配偶" in client.get("/jobs/employer/").content.decode()


def test_employer_sees_an_entitled_survivor_as_such():
    family = factories.family_member(relation="martyr_family")
    application = application_submit(share_consent=True, channel="web", position=PositionFactory(), veteran=family)
    with translation.override("zh-hans"):
        assert application.applicant_label() == "优抚对象 · 烈属"
    veteran_application = application_submit(
        share_consent=True, channel="web", position=PositionFactory(), veteran=factories.VeteranFactory()
    )
    with translation.override("zh-hans"):
        assert veteran_application.applicant_label() == "退役军人"


def test_a_position_that_does_not_welcome_families_refuses_them_and_the_search_filters_by_it():
    closed = PositionFactory(welcomes_family=False)
    open_ = PositionFactory(welcomes_family=True)
    family = factories.family_member()
    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        application_submit(share_consent=True, channel="web", position=closed, veteran=family)
    assert caught.value.messages == ["该岗位仅面向退役军人，不接受家属投递。"]
    assert application_submit(share_consent=True, channel="web", position=open_, veteran=family).pk
    assert application_submit(
        share_consent=True, channel="web", position=closed, veteran=factories.VeteranFactory()
    ).pk  # veterans still may
    found = set(position_search(welcomes_family=True).values_list("pk", flat=True))
    assert open_.pk in found and closed.pk not in found


def test_verified_family_member_registers_for_a_fair():
    family = factories.family_member()
    registration = fair_register(fair=JobFairFactory(), user=family)
    assert registration.user == family and registration.seat == 1


def test_family_member_enrols_only_in_classes_open_to_families():
    family = factories.family_member()
    closed = TrainingClassFactory(open_to_families=False)
    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        enrollment_create(training_class=closed, veteran=family)
    assert caught.value.messages == ["该班级仅面向退役军人，不接受家属报名。"]
    enrollment = enrollment_create(training_class=TrainingClassFactory(open_to_families=True), veteran=family)
    assert enrollment.status == Enrollment.Status.ENROLLED


# --- the card's title ---------------------------------------------------------------------------------------------


def _card_for(user) -> Card:
    application = card_services.card_application_submit(applicant=user, photo=bf.photo_upload(), station=bf.station())
    return card_services.card_application_approve(application=application, staff=factories.StaffFactory())


def test_the_card_title_matches_its_kind_and_the_bureau_can_rename_it(client, settings):
    family, veteran = factories.family_member(), factories.VeteranFactory()
    _card_for(family), _card_for(veteran)
    client.force_login(family)
    assert "拥军优属卡" in client.get("/benefits/card/").content.decode()
    assert "拥军优属卡" in client.get("/benefits/card/print/").content.decode()
    client.force_login(veteran)
    page = client.get("/benefits/card/").content.decode()
    assert "退役军人优待证" in page and "拥军优属卡" not in page
    settings.BENEFIT_CARD_TITLES = {"veteran": "", "family": "福建省拥军优属优待证"}
    client.force_login(family)
    assert "福建省拥军优属优待证" in client.get("/benefits/card/").content.decode()


# --- demo ---------------------------------------------------------------------------------------------------------


def test_demo_family_is_a_verified_spouse_of_demo_veteran_with_an_application_and_a_fair_registration():
    from tests.staff.test_exports_all import seed_demo_data

    seed_demo_data()
    seed_demo_data()  # idempotent
    from portal.models import User

    family = User.objects.get(username="demo-family")
    profile = family.family_profile
    assert profile.is_verified() and profile.proof and profile.relation == "spouse"
    assert profile.veteran.user.username == "demo-veteran"
    assert Application.objects.filter(veteran=family).count() == 1
    assert Application.objects.get(veteran=family).profile_snapshot["applicant_kind"] == "family"
    assert FairRegistration.objects.filter(user=family).count() == 1
    assert Position.objects.filter(welcomes_family=False).exists()


def test_the_admin_shows_the_proof_only_through_the_staff_review_page(admin_client):
    profile = factories.family_member(verified=False).family_profile
    page = admin_client.get(f"/admin/portal/familymemberprofile/{profile.pk}/change/").content.decode()
    assert f"/staff/families/{profile.pk}/" in page
    assert profile.proof.name not in page  # no /media/ link to the private file


def test_staff_exports_name_family_applicants_and_registrants_masked():
    from portal.staff.exports import export_rows, registered_exports

    family = factories.family_member(real_name="林芳")
    application_submit(share_consent=True, channel="web", position=PositionFactory(), veteran=family)
    fair_register(fair=JobFairFactory(), user=family)
    exports = registered_exports()
    for key in ("jobs-applications", "jobs-fair-registrations"):
        definition = exports[key]
        rows = list(export_rows(definition, definition.queryset({}, None), unmask=False))
        assert any("林*" in row for row in rows), key
        assert not any("林芳" in row for row in rows), key


def test_a_family_member_downloads_their_profile_and_deleting_the_account_removes_the_proof():
    from django.core.files.storage import default_storage
    from django.test import TestCase

    from portal.services.accounts import user_data_export, user_erase

    family = factories.family_member(relation="child")
    profile = family.family_profile
    data = user_data_export(user=family)["family_profile"]
    assert data["relation"] == "child" and data["id_number"] == profile.get_id_number() and data["verified"]
    name = profile.proof.name
    with TestCase.captureOnCommitCallbacks(execute=True):
        user_erase(user=family)
    assert not FamilyMemberProfile.objects.filter(pk=profile.pk).exists()
    assert not default_storage.exists(name)


def test_my_profile_page_shows_a_family_member_their_link_and_its_state(client):
    family = factories.family_member(relation="parent")
    client.force_login(family)
    page = client.get("/me/").content.decode()
    assert "随军家属 · 父母" in page and "已经工作人员确认" in page
    assert "您尚未完成退役报到" not in page


def test_the_position_page_tells_a_family_member_when_it_is_for_veterans_only(client):
    closed, open_ = PositionFactory(welcomes_family=False), PositionFactory()
    client.force_login(factories.family_member())
    page = client.get(f"/jobs/{closed.pk}/").content.decode()
    assert "该岗位仅面向退役军人，不接受家属投递。" in page and f"/jobs/{closed.pk}/apply/" not in page
    page = client.get(f"/jobs/{open_.pk}/").content.decode()
    assert f"/jobs/{open_.pk}/apply/" in page and 'data-testid="welcomes-family"' in page
