"""Bulk import of discharged veterans: preview with row errors, import as a task, idempotent re-import."""

import pytest
from django.core.exceptions import ValidationError

from portal.models import AuditLog, ImportJob, User, VeteranProfile
from portal.staff import services
from tests.factories import StaffFactory, VeteranFactory
from tests.staff.helpers import csv_upload, handover_rows, id_number, xlsx_upload

pytestmark = pytest.mark.django_db


def _run(upload, staff, capture):
    job = services.import_job_create(upload=upload, staff_user=staff)
    with capture(execute=True):
        services.import_job_start(job=job, staff_user=staff)
    job.refresh_from_db()
    return job


def test_preview_flags_each_bad_row_with_its_number_and_imports_nothing():
    staff = StaffFactory()
    job = services.import_job_create(upload=csv_upload(), staff_user=staff)
    assert job.status == ImportJob.Status.PREVIEW
    assert job.total == 6
    errors = {row["row"]: " ".join(row["errors"]) for row in job.preview_errors()}
    assert set(errors) == {5, 6, 7}
    assert "校验" in errors[5] or "check digit" in errors[5]
    assert "3" in errors[6]  # duplicate of the row with the same number (row 3 of the sheet)
    assert "火星市" in errors[7]
    assert VeteranProfile.objects.count() == 0
    # the preview never holds a full ID number
    assert id_number(1) not in str(job.preview)


@pytest.mark.parametrize("make_upload", [csv_upload, xlsx_upload])
def test_import_creates_good_rows_refuses_bad_ones_and_reimport_creates_nothing(
    make_upload, django_capture_on_commit_callbacks
):
    staff = StaffFactory()
    job = _run(make_upload(), staff, django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.DONE
    assert (job.created, job.updated, job.unchanged, job.refused) == (3, 0, 0, 3)
    assert job.processed == 6
    assert {r["row"] for r in job.report if r["outcome"] == "refused"} == {5, 6, 7}
    assert {r["row"] for r in job.report if r["outcome"] == "created"} == {2, 3, 4}
    assert VeteranProfile.objects.count() == 3
    profile = VeteranProfile.objects.with_id_number(id_number(2)).get()
    assert profile.real_name == "王芳"
    assert profile.region.code == "350103"
    assert profile.service_branch == "navy"
    assert profile.military_specialties.get().code == "M03"
    assert not profile.user.has_usable_password()
    assert profile.user.has_role("veteran")
    assert not job.file  # the hand-over file is deleted after the import

    users_before = User.objects.count()
    second = _run(make_upload(), staff, django_capture_on_commit_callbacks)
    assert (second.created, second.updated, second.unchanged, second.refused) == (0, 0, 3, 3)
    assert User.objects.count() == users_before
    assert VeteranProfile.objects.count() == 3


def test_existing_self_registered_veteran_keeps_own_data_and_only_gaps_are_filled(django_capture_on_commit_callbacks):
    veteran = VeteranFactory(profile__real_name="李强")
    profile = veteran.veteran_profile
    own_number = profile.get_id_number()
    profile.service_branch, profile.phone = "", "13911112222"
    profile.save()
    rows = [["李强", own_number, "13800000001", "320612", "海军", "2018-09-01", "2023-09-01", ""]]
    job = _run(csv_upload(rows), StaffFactory(), django_capture_on_commit_callbacks)
    assert (job.created, job.updated) == (0, 1)
    profile.refresh_from_db()
    assert profile.phone == "13911112222"  # the veteran's own phone wins
    assert profile.region.code == "350102"  # and their region
    assert profile.service_branch == "navy"  # the gap is filled


def test_a_row_failing_in_the_database_does_not_lose_the_good_ones(monkeypatch, django_capture_on_commit_callbacks):
    from portal.staff.services import import_jobs

    real = import_jobs._import_new

    def flaky(row, *args, **kwargs):
        if row.number == 3:
            raise RuntimeError("database hiccup")
        return real(row, *args, **kwargs)

    monkeypatch.setattr(import_jobs, "_import_new", flaky)
    job = _run(csv_upload(handover_rows()[:3]), StaffFactory(), django_capture_on_commit_callbacks)
    assert (job.created, job.refused) == (2, 1)
    assert [r["row"] for r in job.report if r["outcome"] == "refused"] == [3]
    assert VeteranProfile.objects.count() == 2


def test_starting_twice_runs_once(django_capture_on_commit_callbacks):
    staff = StaffFactory()
    job = _run(csv_upload(), staff, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.import_job_start(job=job, staff_user=staff)
    assert callbacks == []
    assert services.import_job_run(job_id=job.pk) is None
    assert AuditLog.objects.filter(action=AuditLog.Action.IMPORT).count() == 2  # start + done


def test_unreadable_files_are_refused_with_a_message():
    staff = StaffFactory()
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError):
        services.import_job_create(upload=SimpleUploadedFile("x.pdf", b"%PDF-1.4"), staff_user=staff)
    with pytest.raises(ValidationError):
        services.import_job_create(upload=SimpleUploadedFile("x.csv", b"foo,bar\n1,2\n"), staff_user=staff)
    with pytest.raises(ValidationError):
        services.import_job_create(upload=SimpleUploadedFile("x.xlsx", b"PK\x03\x04garbage"), staff_user=staff)


def test_import_pages_flow(client, django_capture_on_commit_callbacks):
    staff = StaffFactory()
    client.force_login(staff)
    response = client.post("/staff/import/", {"file": csv_upload()})
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/staff/import/{job.pk}/"
    page = client.get(f"/staff/import/{job.pk}/").content.decode()
    assert "火星市" in page and id_number(1) not in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staff/import/{job.pk}/start/")
    status = client.get(f"/staff/import/{job.pk}/status.json").json()
    assert status["finished"] and status["created"] == 3 and status["refused"] == 3 and status["percent"] == 100
    # another staff member's job is not visible
    client.force_login(StaffFactory())
    assert client.get(f"/staff/import/{job.pk}/").status_code == 404
    assert client.get(f"/staff/import/{job.pk}/status.json").status_code == 404


def test_bad_upload_shows_the_form_error(client):
    client.force_login(StaffFactory())
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post("/staff/import/", {"file": SimpleUploadedFile("a.doc", b"hello")})
    assert response.status_code == 400
    assert ImportJob.objects.count() == 0
