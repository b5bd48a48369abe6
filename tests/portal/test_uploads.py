"""Personal files: images stored without EXIF/GPS and within the limits, served only to permitted users, never as
public media, import files encrypted and short-lived, and no file outliving its row."""

import datetime
import importlib.util
import io
from functools import lru_cache
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import Resolver404
from django.urls.resolvers import RegexPattern, URLResolver
from django.utils import timezone
from PIL import ExifTags, Image

from benefits import tokens
from benefits.models import CardApplication
from benefits.services import cards as card_services
from benefits.services.verification import card_verify, photo_link
from jobs.services.applications import application_submit
from portal.models import ImportJob, VeteranProfile
from portal.services.accounts import user_erase
from portal.services.profiles import veteran_profile_save
from portal.staff import services as staff_services
from portal.staff import tasks as staff_tasks
from tests import factories
from tests.benefits import factories as bf
from tests.jobs.factories import PositionFactory
from tests.portal.helpers import pdf_upload
from tests.staff.helpers import csv_upload, id_number

pytestmark = pytest.mark.django_db


def gps_jpeg(name="phone.jpg", size=(60, 40)) -> SimpleUploadedFile:
    """A phone photo: EXIF with the camera, a GPS position and orientation 6 (shown turned 90° clockwise)."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif.get_ifd(ExifTags.IFD.GPSInfo).update({1: "N", 2: (26.0, 4.0, 30.0), 3: "E", 4: (119.0, 18.0, 0.0)})
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 100, 50)).save(buffer, "JPEG", exif=exif)
    upload = SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")
    assert Image.open(io.BytesIO(upload.read())).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the test's own premise
    upload.seek(0)
    return upload


@lru_cache(maxsize=1)
def _huge_png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("1", (12000, 12000)).save(buffer, "PNG")  # 144 megapixels of one colour: ~17 kB on disk
    return buffer.getvalue()


def huge_png() -> SimpleUploadedFile:
    return SimpleUploadedFile("huge.png", _huge_png_bytes(), content_type="image/png")


def assert_clean_and_upright(field_file, size=(40, 60)):
    with field_file.open("rb") as handle:
        stored = Image.open(io.BytesIO(handle.read()))
    assert "exif" not in stored.info
    assert not dict(stored.getexif())
    assert not stored.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert stored.size == size  # orientation applied to the pixels, not left to a tag


def media_files() -> list[Path]:
    root = Path(django_settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# --- images are re-encoded -------------------------------------------------------------------------------------


def test_card_photo_is_stored_without_exif_or_gps_and_upright():
    veteran = factories.VeteranFactory()
    application = card_services.card_application_submit(applicant=veteran, photo=gps_jpeg(), station=bf.station())
    assert_clean_and_upright(application.photo)
    assert application.photo.name.endswith(".jpg")


def test_card_photo_sent_through_the_api_is_stored_without_exif(api_client):
    veteran = factories.VeteranFactory()
    api_client.force_authenticate(veteran)
    response = api_client.post("/api/v1/cards/apply/", {"photo": gps_jpeg(), "station": "350102"}, format="multipart")
    assert response.status_code == 201, response.content
    assert_clean_and_upright(CardApplication.objects.get(applicant=veteran).photo)


def test_resume_scan_is_stored_without_exif_and_pdf_as_sent():
    veteran = factories.VeteranFactory()
    profile = veteran_profile_save(user=veteran, data={}, resume=gps_jpeg("scan.jpg"))
    assert_clean_and_upright(profile.resume)
    profile = veteran_profile_save(user=veteran, data={}, resume=pdf_upload())
    assert profile.resume.name.endswith(".pdf")
    assert profile.resume.read().startswith(b"%PDF")


def test_a_write_that_skips_the_service_stores_a_clean_photo_too():
    """The admin saves the model directly: the field itself re-encodes, and its validator gives the field error."""
    veteran = factories.VeteranFactory()
    application = card_services.card_application_submit(
        applicant=veteran, photo=bf.photo_upload(), station=bf.station()
    )
    application.photo = gps_jpeg()
    application.save()
    application.refresh_from_db()
    assert_clean_and_upright(application.photo)
    application.photo = huge_png()
    with pytest.raises(ValidationError) as exc:
        application.full_clean()
    assert "photo" in exc.value.message_dict


# --- size and pixel limits ---------------------------------------------------------------------------------------


def test_image_of_too_many_pixels_is_refused_by_the_service():
    veteran = factories.VeteranFactory()
    with pytest.raises(ValidationError) as exc:
        card_services.card_application_submit(applicant=veteran, photo=huge_png(), station=bf.station())
    assert exc.value.message_dict["photo"][0].startswith(("图片过大", "The image is too large"))
    assert not CardApplication.objects.exists()


def test_image_beyond_pillows_own_bomb_guard_gets_the_same_message():
    """Pillow raises on opening past twice its MAX_IMAGE_PIXELS (~179 megapixels): still a field error, not a 500."""
    from portal.validators import validate_photo

    buffer = io.BytesIO()
    Image.new("1", (15000, 15000)).save(buffer, "PNG")
    with pytest.raises(ValidationError) as exc:
        validate_photo(SimpleUploadedFile("bomb.png", buffer.getvalue(), content_type="image/png"))
    assert exc.value.code == "too_many_pixels"


def test_image_of_too_many_pixels_is_a_field_error_on_the_page(client):
    veteran = factories.VeteranFactory()
    client.force_login(veteran)
    city, district = bf.station("350100").pk, bf.station("350102").pk
    response = client.post("/benefits/apply/", {"photo": huge_png(), "city": city, "district": district})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_photo_errors"' in page and "百万像素" in page
    assert not CardApplication.objects.exists()


def test_image_of_too_many_pixels_is_a_400_in_the_api(api_client):
    veteran = factories.VeteranFactory()
    api_client.force_authenticate(veteran)
    response = api_client.post(
        "/api/v1/cards/apply/",
        {"photo": huge_png(), "station": "350102"},
        format="multipart",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "megapixels" in response.json()["photo"][0]
    assert not CardApplication.objects.exists()


def test_resume_image_of_too_many_pixels_is_a_field_error(client):
    from tests.portal.helpers import post_profile

    user = factories.UserFactory()
    client.force_login(user)
    huge = huge_png()
    huge.name = "resume.png"
    response = post_profile(client, files={"resume": huge})
    assert response.status_code == 400
    assert "百万像素" in response.content.decode()
    assert not VeteranProfile.objects.get(user=user).resume


def test_image_over_the_configured_bytes_is_refused_in_page_and_api(client, api_client, settings):
    settings.IMAGE_MAX_BYTES = 500
    photo = bf.photo_upload(size=(300, 300))
    assert photo.size > 500
    veteran = factories.VeteranFactory()
    client.force_login(veteran)
    city, district = bf.station("350100").pk, bf.station("350102").pk
    response = client.post("/benefits/apply/", {"photo": photo, "city": city, "district": district})
    assert response.status_code == 200 and "文件过大" in response.content.decode()
    api_client.force_authenticate(veteran)
    response = api_client.post(
        "/api/v1/cards/apply/", {"photo": bf.photo_upload(size=(300, 300)), "station": "350102"}, format="multipart"
    )
    assert response.status_code == 400 and "photo" in response.json()
    assert not CardApplication.objects.exists()


# --- served only to permitted users --------------------------------------------------------------------------------


def assert_private_file(response):
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["Content-Disposition"]


def test_card_photo_link_is_refused_to_visitors_and_other_users(client):
    card = bf.issued_card()
    url = photo_link(card)
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(factories.VeteranFactory())
    assert client.get(url).status_code == 404
    client.force_login(bf.merchant_member())  # a merchant, but the holder's own link is not a verification
    assert client.get(url).status_code == 404


def test_card_photo_link_is_served_to_holder_staff_and_the_verifying_merchant(client):
    card = bf.issued_card()
    for user in (card.holder, factories.StaffFactory()):
        client.force_login(user)
        assert_private_file(client.get(photo_link(card)))
    member, other = bf.merchant_member(), bf.merchant_member()
    result = card_verify(token=tokens.dynamic_token(card.token_id), merchant=member.merchant)
    client.force_login(member)
    assert_private_file(client.get(result.photo_url))
    client.force_login(other)  # a member of another merchant, with a link it was not given
    assert client.get(result.photo_url).status_code == 404


def test_till_gets_the_photo_of_its_verification_through_the_api(api_client):
    card = bf.issued_card()
    member = bf.merchant_member()
    key = factories.api_key(member)
    body = api_client.post(
        "/api/v1/cards/verify/",
        {"token": tokens.dynamic_token(card.token_id)},
        format="json",
        HTTP_AUTHORIZATION=f"Token {key}",
    ).json()
    assert body["photo_url"].startswith("/api/v1/cards/photo/")
    assert api_client.get(body["photo_url"]).status_code in (401, 403)  # no credentials
    assert_private_file(api_client.get(body["photo_url"], HTTP_AUTHORIZATION=f"Token {key}"))
    stranger = factories.api_key(factories.VeteranFactory())
    assert api_client.get(body["photo_url"], HTTP_AUTHORIZATION=f"Token {stranger}").status_code == 404


def test_resume_is_served_to_owner_and_applied_employer_only(client, employer_member):
    veteran = factories.VeteranFactory()
    veteran_profile_save(user=veteran, data={}, resume=pdf_upload())
    application = application_submit(
        share_consent=True,
        channel="web",
        position=PositionFactory(organization=employer_member.organization),
        veteran=veteran,
    )
    resume_url = f"/jobs/employer/applications/{application.pk}/resume/"
    response = client.get("/me/resume/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get(resume_url).status_code == 302
    client.force_login(veteran)
    assert_private_file(client.get("/me/resume/"))
    client.force_login(employer_member)
    assert_private_file(client.get(resume_url))
    client.force_login(factories.OrgMemberFactory(org_type="employer"))
    assert client.get(resume_url).status_code == 404
    client.force_login(factories.VeteranFactory())
    assert client.get(resume_url).status_code == 404
    assert client.get("/me/resume/").status_code == 404  # their own, and they have none


def test_no_media_route_serves_stored_files_even_with_debug(settings, client):
    settings.DEBUG = True
    source = Path(django_settings.BASE_DIR) / "portal" / "urls.py"
    spec = importlib.util.spec_from_file_location("portal_urls_with_debug", source)
    module = importlib.util.module_from_spec(spec)
    login = admin.site.login
    try:
        spec.loader.exec_module(module)  # the URLconf as built with DEBUG on
    finally:
        admin.site.login = login
    resolver = URLResolver(RegexPattern(r"^/"), module.urlpatterns)
    veteran = factories.VeteranFactory()
    profile = veteran_profile_save(user=veteran, data={}, resume=pdf_upload())
    with pytest.raises(Resolver404):
        resolver.resolve(f"/media/{profile.resume.name}")
    assert client.get(f"/media/{profile.resume.name}").status_code == 404


# --- import files ----------------------------------------------------------------------------------------------


def test_stored_import_file_is_not_in_clear():
    job = staff_services.import_job_create(upload=csv_upload(), staff_user=factories.StaffFactory())
    with job.file.open("rb") as handle:
        stored = handle.read()
    assert id_number(1).encode() not in stored
    assert "姓名".encode() not in stored and "王芳".encode() not in stored
    assert not job.file.name.endswith((".csv", ".xlsx"))


def test_import_file_is_gone_when_the_import_finishes_or_fails(django_capture_on_commit_callbacks):
    staff = factories.StaffFactory()
    job = staff_services.import_job_create(upload=csv_upload(), staff_user=staff)
    assert len(media_files()) == 1
    with django_capture_on_commit_callbacks(execute=True):
        staff_services.import_job_start(job=job, staff_user=staff)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.created == 3
    assert media_files() == []

    failing = staff_services.import_job_create(upload=csv_upload(), staff_user=staff)
    with failing.file.open("wb") as handle:
        handle.write(b"damaged")
    with django_capture_on_commit_callbacks(execute=True):
        staff_services.import_job_start(job=failing, staff_user=staff)
    failing.refresh_from_db()
    assert failing.status == ImportJob.Status.FAILED
    assert not failing.file and media_files() == []


def test_import_file_is_gone_after_the_preview_expires(django_capture_on_commit_callbacks, settings):
    from portal.celery import app as celery_app

    beat_schedule = celery_app.conf.beat_schedule
    assert any(entry["task"] == "portal.staff_expire_import_files" for entry in beat_schedule.values())
    job = staff_services.import_job_create(upload=csv_upload(), staff_user=factories.StaffFactory())
    later = timezone.now() + datetime.timedelta(hours=23)
    with mock.patch("django.utils.timezone.now", return_value=later), django_capture_on_commit_callbacks(execute=True):
        assert staff_tasks.expire_import_files() == 0
    assert len(media_files()) == 1
    later = timezone.now() + datetime.timedelta(hours=25)
    with mock.patch("django.utils.timezone.now", return_value=later), django_capture_on_commit_callbacks(execute=True):
        assert staff_tasks.expire_import_files() == 1
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CANCELLED and not job.file
    assert media_files() == []


def test_preview_age_setting_cannot_exceed_a_day(settings):
    settings.IMPORT_FILE_MAX_AGE_HOURS = 24 * 30
    assert staff_services.import_file_max_age() == datetime.timedelta(hours=24)


# --- nothing left behind -----------------------------------------------------------------------------------------


def test_replaced_resume_file_is_deleted_on_commit(django_capture_on_commit_callbacks):
    veteran = factories.VeteranFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = veteran_profile_save(user=veteran, data={}, resume=pdf_upload()).resume.name
    with django_capture_on_commit_callbacks(execute=True):
        second = veteran_profile_save(user=veteran, data={}, resume=gps_jpeg()).resume.name
    assert first != second
    assert [p.relative_to(django_settings.MEDIA_ROOT).as_posix() for p in media_files()] == [second]


def test_a_refused_resume_keeps_the_old_one(django_capture_on_commit_callbacks):
    veteran = factories.VeteranFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = veteran_profile_save(user=veteran, data={}, resume=pdf_upload()).resume.name
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        veteran_profile_save(user=veteran, data={}, resume=huge_png())
    assert VeteranProfile.objects.get(user=veteran).resume.name == first
    assert len(media_files()) == 1


def test_corrected_application_photo_replaces_the_old_file(django_capture_on_commit_callbacks):
    veteran = factories.VeteranFactory()
    application = card_services.card_application_submit(
        applicant=veteran, photo=bf.photo_upload(), station=bf.station()
    )
    card_services.card_application_request_correction(
        application=application, staff=factories.StaffFactory(), reason="照片不清晰"
    )
    with django_capture_on_commit_callbacks(execute=True):
        application = card_services.card_application_correct(application=application, photo=gps_jpeg())
    assert [p.relative_to(django_settings.MEDIA_ROOT).as_posix() for p in media_files()] == [application.photo.name]


def test_account_deletion_leaves_no_files(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        card = bf.issued_card()  # the application's photo, shared with the card
        holder = card.holder
        card_services.card_report_lost(card=card, actor=holder)  # the replacement card shares it too
        veteran_profile_save(user=holder, data={}, resume=pdf_upload())
        veteran_profile_save(user=holder, data={}, resume=gps_jpeg())  # the first résumé replaced
        other = bf.issued_card()  # someone else's files stay
    assert len(media_files()) == 3
    with django_capture_on_commit_callbacks(execute=True):
        user_erase(user=holder)
    remaining = [p.relative_to(django_settings.MEDIA_ROOT).as_posix() for p in media_files()]
    assert remaining == [other.photo.name]


def test_deleting_rows_deletes_their_files_once_no_row_shares_them(django_capture_on_commit_callbacks):
    card = bf.issued_card()
    application = card.application
    assert application.photo.name == card.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        application.delete()
    assert len(media_files()) == 1  # the card still shows it
    with django_capture_on_commit_callbacks(execute=True):
        card.holder.delete()
    assert media_files() == []


def test_stored_images_from_before_are_re_encoded_by_the_command(django_capture_on_commit_callbacks):
    """Files stored before uploads were re-encoded keep their GPS position until the command rewrites them."""
    from django.core.files.storage import default_storage
    from django.core.management import call_command

    card = bf.issued_card()
    old = default_storage.save("benefits/photos/old-phone.jpg", gps_jpeg())
    CardApplication.objects.filter(pk=card.application_id).update(photo=old)
    type(card).objects.filter(pk=card.pk).update(photo=old)
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("sanitize_stored_images", stdout=out)
    assert "re-encoded 1" in out.getvalue()
    card.refresh_from_db()
    assert card.photo.name != old and card.application.photo.name == card.photo.name
    assert_clean_and_upright(card.photo)
    assert not default_storage.exists(old)
    out = io.StringIO()
    call_command("sanitize_stored_images", stdout=out)  # a second run finds nothing to do
    assert "re-encoded 0" in out.getvalue()
