"""退役一件事 (issue 19, item 4): one submission files the card application, the job-seeking registration and the
enrolment; a refused or broken part leaves the others standing with its error shown; staff see every bundle at
one counter page and can file one for a veteran (代办)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from benefits.models import CardApplication
from benefits.services.cards import card_application_reject
from portal.models import AuditLog, OccupationCategory, Region
from portal.onestop import services
from portal.onestop.models import BundlePart, OneStopBundle
from portal.staff.services import ACTING_SESSION_KEY
from tests.benefits.factories import photo_upload
from tests.factories import StaffFactory, UserFactory, VeteranFactory
from tests.training.factories import TrainingClassFactory
from training.models import Enrollment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _post_data(cls=None, **extra):
    district = Region.objects.get(code="350102")
    data = {
        "photo": photo_upload(),
        "city": district.parent_id,
        "district": district.pk,
        "desired_categories": [OccupationCategory.objects.filter(parent__isnull=False).first().pk],
        "desired_cities": [district.parent_id],
        "training_class": cls.pk if cls else "",
        "counselling": "on",
        "note": "想了解物流行业",
    }
    data.update(extra)
    return data


def _submit(veteran, cls, **kwargs):
    district = Region.objects.get(code="350102")
    args = {
        "veteran_user": veteran,
        "created_by": veteran,
        "photo": photo_upload(),
        "station": district,
        "desired_categories": OccupationCategory.objects.filter(parent__isnull=False)[:2],
        "desired_regions": [district.parent],
        "training_class": cls,
    }
    args.update(kwargs)
    return services.onestop_submit(**args)


def _states(bundle):
    return dict(bundle.parts.values_list("kind", "state"))


def test_one_submission_files_the_card_the_job_seeking_registration_and_the_enrolment(client):
    veteran = VeteranFactory(profile__employment_status="employed")
    cls = TrainingClassFactory()
    client.force_login(veteran)
    assert client.get("/onestop/").status_code == 200
    response = client.post("/onestop/", _post_data(cls))
    bundle = OneStopBundle.objects.get(veteran=veteran)
    assert response.status_code == 302 and response.url == f"/onestop/{bundle.pk}/"
    assert _states(bundle) == {"card": "filed", "jobseeking": "filed", "training": "filed", "counselling": "filed"}
    application = CardApplication.objects.get(applicant=veteran)
    enrollment = Enrollment.objects.get(veteran=veteran, training_class=cls)
    profile = veteran.veteran_profile
    profile.refresh_from_db()
    assert profile.employment_status == "seeking" and profile.desired_categories.count() == 1
    assert list(profile.desired_regions.values_list("code", flat=True)) == ["350100"]
    assert bundle.parts.get(kind="card").target == application
    assert bundle.parts.get(kind="training").target == enrollment
    assert bundle.parts.get(kind="counselling").note == "想了解物流行业"
    page = client.get(response.url).content.decode()
    assert "待审核" in page and "已报名" in page and "测试培训中心" in page  # each part's own state and holder


def test_refusing_the_card_leaves_the_job_seeking_registration_and_the_enrolment(client):
    veteran, staff = VeteranFactory(), StaffFactory()
    cls = TrainingClassFactory()
    bundle = _submit(veteran, cls)
    application = bundle.parts.get(kind="card").target
    card_application_reject(application=application, staff=staff, reason="照片不清晰")
    assert _states(bundle) == {"card": "filed", "jobseeking": "filed", "training": "filed"}
    assert Enrollment.objects.get(veteran=veteran).status == Enrollment.Status.ENROLLED
    veteran.veteran_profile.refresh_from_db()
    assert veteran.veteran_profile.employment_status == "seeking"
    client.force_login(veteran)
    rows = client.get(f"/onestop/{bundle.pk}/").content.decode()
    assert "已驳回" in rows or "未通过" in rows or str(CardApplication.Status.REJECTED.label) in rows


def test_a_part_whose_service_raises_leaves_the_others_filed_with_the_error_shown(client, monkeypatch):
    veteran = VeteranFactory()
    cls = TrainingClassFactory()

    def full(**kwargs):
        raise ValidationError("The class has no seats today.")

    monkeypatch.setattr(services, "enrollment_create", full)
    bundle = _submit(veteran, cls)
    assert _states(bundle) == {"card": "filed", "jobseeking": "filed", "training": "failed"}
    assert bundle.parts.get(kind="training").error == "The class has no seats today."
    assert not Enrollment.objects.filter(veteran=veteran).exists()
    assert CardApplication.objects.filter(applicant=veteran).exists()
    client.force_login(veteran)
    page = client.get(f"/onestop/{bundle.pk}/").content.decode()
    assert "The class has no seats today." in page and 'data-state="failed"' in page


def test_a_refused_photo_and_a_closed_class_are_recorded_and_the_registration_still_stands():
    veteran = VeteranFactory(profile__employment_status="employed")
    closed = TrainingClassFactory(enrolment_closes=timezone.now() - datetime.timedelta(hours=1))
    not_an_image = SimpleUploadedFile("me.png", b"not an image at all", content_type="image/png")
    bundle = _submit(veteran, closed, photo=not_an_image)
    assert _states(bundle) == {"card": "failed", "jobseeking": "filed", "training": "failed"}
    assert bundle.parts.get(kind="training").error == "Enrolment for this class has closed."
    assert bundle.parts.get(kind="card").error
    assert not CardApplication.objects.filter(applicant=veteran).exists()
    veteran.veteran_profile.refresh_from_db()
    assert veteran.veteran_profile.employment_status == "seeking"


def test_an_unexpected_error_in_one_part_does_not_take_the_others_down(monkeypatch):
    veteran = VeteranFactory()

    def broken(**kwargs):
        raise RuntimeError("database of cards unreachable")

    monkeypatch.setattr(services, "card_application_submit", broken)
    bundle = _submit(veteran, TrainingClassFactory())
    assert _states(bundle) == {"card": "failed", "jobseeking": "filed", "training": "filed"}
    assert bundle.parts.get(kind="card").error == "This part could not be filed; please ask the staff."


def test_bad_input_gives_translated_field_errors_with_the_typed_values_kept(client):
    veteran = VeteranFactory()
    client.force_login(veteran)
    past = (timezone.localdate() - datetime.timedelta(days=3)).isoformat()
    data = _post_data(available_from=past, note="请联系我", city="", district="")
    response = client.post("/onestop/", data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["available_from"] == ["可到岗日期不能早于今天。"]
    assert errors["city"] == ["请选择领取优待证的服务站。"]
    page = response.content.decode()
    assert f'value="{past}"' in page and "请联系我" in page
    assert not OneStopBundle.objects.exists()
    assert client.post("/onestop/", {"training_class": "abc", "available_from": "2024-13-45"}).status_code == 400


def test_only_registered_veterans_file_and_a_status_page_is_for_its_veteran_and_staff(client):
    nobody = UserFactory()
    client.force_login(nobody)
    assert client.get("/onestop/").status_code == 302
    with pytest.raises(ValidationError):
        services.onestop_submit(veteran_user=nobody, created_by=nobody)
    bundle = _submit(VeteranFactory(), None, photo=None)
    assert client.get(f"/onestop/{bundle.pk}/").status_code == 404
    assert client.get("/onestop/staff/").status_code == 403
    client.force_login(StaffFactory())
    assert client.get(f"/onestop/{bundle.pk}/").status_code == 200


def test_staff_see_every_bundle_with_links_to_each_part_and_file_one_acting_for_a_veteran(client):
    staff, veteran = StaffFactory(), VeteranFactory(profile__real_name="陈建国")
    cls = TrainingClassFactory()
    client.force_login(staff)
    session = client.session
    session[ACTING_SESSION_KEY] = veteran.pk
    session.save()
    assert client.get("/onestop/staff/act/").status_code == 200
    response = client.post("/onestop/staff/act/", _post_data(cls, entrepreneurship="on"))
    bundle = OneStopBundle.objects.get(veteran=veteran)
    assert response.status_code == 302
    assert bundle.acting_staff == staff and bundle.created_by == staff
    assert _states(bundle) == {
        "card": "filed",
        "jobseeking": "filed",
        "training": "filed",
        "counselling": "filed",
        "entrepreneurship": "filed",
    }
    assert CardApplication.objects.get(applicant=veteran).submitted_by_staff == staff
    assert AuditLog.objects.filter(on_behalf_of=veteran, actor=staff, detail__event="onestop.file").exists()
    counter = client.get("/onestop/staff/").content.decode()
    application = bundle.parts.get(kind="card").target
    assert f"/benefits/staff/applications/{application.pk}/" in counter
    assert f"/training/manage/classes/{cls.pk}/" in counter
    assert f"/staff/veterans/{veteran.veteran_profile.pk}/review/" in counter
    assert BundlePart.objects.filter(bundle=bundle, state="filed").count() == 5


def test_the_demo_shows_a_bundle_with_a_refused_card_and_one_filed_at_the_counter():
    from tests.staff.test_exports_all import seed_demo_data

    seed_demo_data()
    seed_demo_data()  # idempotent
    own = OneStopBundle.objects.get(veteran__username="demo-veteran")
    assert own.parts.get(kind="card").state == "failed"  # demo-veteran holds a card already
    assert own.parts.get(kind="jobseeking").state == "filed"
    counter = OneStopBundle.objects.get(acting_staff__username="demo-staff")
    assert counter.parts.get(kind="card").state == "filed"
    assert OneStopBundle.objects.count() == 2
