"""Exports over EXPORT_ASYNC_THRESHOLD rows run as a background job: progress, a private audited download, expiry."""

import datetime
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.storage import default_storage
from django.utils import timezone

from portal.celery import app as celery_app
from portal.models import AuditLog, ExportJob
from portal.staff import exports, services, tasks
from tests.factories import StaffFactory, UserFactory, VeteranFactory
from tests.staff.helpers import staff_with
from tests.staff.test_exports_all import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def seven_veterans(settings):
    settings.EXPORT_ASYNC_THRESHOLD = 5
    return [VeteranFactory() for _ in range(7)]


def _request_export(client, url, capture):
    """GET shows what will be exported (and creates nothing); the POST queues the job, which runs on commit."""
    page = client.get(url)
    assert page.status_code == 200 and 'id="export-start"' in page.content.decode()
    assert not ExportJob.objects.exists()
    with capture(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    job = ExportJob.objects.get()
    assert response["Location"] == f"/staff/exports/jobs/{job.pk}/"
    return job


def test_a_large_export_runs_as_a_job_with_progress_and_a_masked_file(
    client, seven_veterans, django_capture_on_commit_callbacks, monkeypatch
):
    staff = StaffFactory()
    client.force_login(staff)
    monkeypatch.setattr(exports, "PROGRESS_EVERY", 2)
    seen = []
    original = exports.WRITERS["xlsx"]

    def spying_writer(definition, queryset, unmask, handle, progress=None):
        def recording(rows_done):
            progress(rows_done)
            seen.append(ExportJob.objects.values_list("status", "rows_done", "rows_total").get())

        return original(definition, queryset, unmask, handle, progress=recording)

    monkeypatch.setitem(exports.WRITERS, "xlsx", spying_writer)
    job = _request_export(client, "/staff/exports/veterans.xlsx", django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert seen == [("running", 2, 7), ("running", 4, 7), ("running", 6, 7)]  # progress visible while it runs
    assert job.status == ExportJob.Status.DONE and job.rows_done == job.rows_total == 7 and not job.unmasked
    assert job.file.name.startswith("staff-exports/") and job.requested_by == staff
    assert job.expires_at - job.finished_at == datetime.timedelta(hours=24)

    status = client.get(f"/staff/exports/jobs/{job.pk}/status.json").json()
    assert status["finished"] and status["percent"] == 100 and status["rows_done"] == 7
    assert status["download_url"] == f"/staff/exports/jobs/{job.pk}/download/"
    page = client.get(f"/staff/exports/jobs/{job.pk}/").content.decode()
    assert 'id="export-download"' in page and "staff/export.js" in page
    template = Path(__file__).resolve().parents[2] / "portal/staff/templates/staff/export_job.html"
    assert "<script>" not in template.read_text(encoding="utf-8")  # its script is a static file (CSP)

    assert f"/staff/exports/jobs/{job.pk}/" in client.get("/staff/").content.decode()  # found again from the dashboard
    response = client.get(status["download_url"])
    assert response.status_code == 200
    rows = parse("xlsx", b"".join(response.streaming_content))
    assert len(rows) == 8
    flat = str(rows)
    for user in seven_veterans:
        assert user.veteran_profile.get_id_number() not in flat
        assert user.veteran_profile.masked_id_number in flat
    exported = AuditLog.objects.filter(action=AuditLog.Action.EXPORT).order_by("pk")
    events = list(exported.values_list("detail", flat=True))
    assert [e.get("event") for e in events] == ["queued", "download"]
    assert events[1]["job"] == job.pk and events[1]["rows"] == 7 and events[0]["rows"] == 7
    assert AuditLog.objects.filter(action=AuditLog.Action.EXPORT, actor=staff, target_id=str(job.pk)).count() == 1


def test_below_the_threshold_the_export_is_still_a_direct_download(client, settings):
    settings.EXPORT_ASYNC_THRESHOLD = 5
    VeteranFactory()
    client.force_login(StaffFactory())
    response = client.get("/staff/exports/veterans.csv")
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.csv"')
    assert not ExportJob.objects.exists()


def test_the_default_threshold_keeps_the_200000_row_veterans_export_out_of_requests():
    assert django_settings.EXPORT_ASYNC_THRESHOLD == 20000


def test_the_download_is_refused_to_everyone_but_the_requester(
    client, seven_veterans, django_capture_on_commit_callbacks
):
    owner = StaffFactory()
    client.force_login(owner)
    job = _request_export(client, "/staff/exports/veterans.csv", django_capture_on_commit_callbacks)
    url = f"/staff/exports/jobs/{job.pk}/download/"
    client.force_login(StaffFactory())
    for path in (url, f"/staff/exports/jobs/{job.pk}/", f"/staff/exports/jobs/{job.pk}/status.json"):
        assert client.get(path).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302
    assert not AuditLog.objects.filter(detail__event="download").exists()
    client.force_login(owner)
    rows = parse("csv", b"".join(client.get(url).streaming_content))
    assert len(rows) == 8


def test_an_unmasked_job_needs_the_permission_to_run_and_to_download(
    client, seven_veterans, django_capture_on_commit_callbacks
):
    staff = staff_with("view_full_id_number")
    client.force_login(staff)
    job = _request_export(client, "/staff/exports/veterans.csv?unmask=1", django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.unmasked and job.query == {}
    url = f"/staff/exports/jobs/{job.pk}/download/"
    rows = parse("csv", b"".join(client.get(url).streaming_content))
    assert seven_veterans[0].veteran_profile.get_id_number() in str(rows)
    assert AuditLog.objects.filter(action=AuditLog.Action.UNMASK).count() == 2  # queued + downloaded
    staff.user_permissions.clear()
    client.force_login(staff.__class__.objects.get(pk=staff.pk))
    assert client.get(url).status_code == 404


def test_a_job_whose_requester_lost_the_permission_fails_without_a_file():
    staff = staff_with("browse_auditlog")
    job = ExportJob.objects.create(
        requested_by=staff, export_key="audit", file_format="csv", expires_at=timezone.now() + datetime.timedelta(1)
    )
    staff.user_permissions.clear()  # between the request and the worker
    job = services.export_job_run(job_id=job.pk)
    assert job.status == ExportJob.Status.FAILED and not job.file and job.error
    assert services.export_job_run(job_id=job.pk) is None  # a rerun does nothing


def test_the_beat_task_deletes_expired_files_and_rows(client, seven_veterans, django_capture_on_commit_callbacks):
    assert celery_app.conf.beat_schedule["portal-staff-purge-exports"]["task"] == tasks.purge_exports.name
    client.force_login(StaffFactory())
    old = _request_export(client, "/staff/exports/veterans.xlsx", django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/staff/exports/veterans.csv")
    fresh = ExportJob.objects.exclude(pk=old.pk).get()
    old.refresh_from_db()
    assert default_storage.exists(old.file.name)
    ExportJob.objects.filter(pk=old.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    assert tasks.purge_exports.delay().get() == 1
    assert not default_storage.exists(old.file.name)
    assert list(ExportJob.objects.all()) == [fresh]
    fresh.refresh_from_db()
    assert default_storage.exists(fresh.file.name)


@pytest.mark.redis
def test_a_large_export_completes_through_a_real_worker(client, settings, celery_worker_real):
    settings.EXPORT_ASYNC_THRESHOLD = 5
    for _ in range(7):
        VeteranFactory()
    client.force_login(StaffFactory())
    response = client.post("/staff/exports/veterans.xlsx")  # autocommit here: queued to Redis on commit
    job = ExportJob.objects.get()
    assert response["Location"] == f"/staff/exports/jobs/{job.pk}/"
    for _ in range(150):
        status = client.get(f"/staff/exports/jobs/{job.pk}/status.json").json()
        if status["finished"]:
            break
        time.sleep(0.2)
    assert status["status"] == "done" and status["rows_done"] == 7, status
    rows = parse("xlsx", b"".join(client.get(status["download_url"]).streaming_content))
    assert len(rows) == 8


def test_a_job_whose_filters_became_invalid_fails_instead_of_exporting_everything(seven_veterans):
    staff = StaffFactory()
    job = ExportJob.objects.create(
        requested_by=staff,
        export_key="veterans",
        file_format="csv",
        query={"status": ["no-such-status"]},
        expires_at=timezone.now() + datetime.timedelta(1),
    )
    job = services.export_job_run(job_id=job.pk)
    assert job.status == ExportJob.Status.FAILED and not job.file and job.rows_done == 0


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_progress_bar_follows_the_job_and_offers_the_download(page, settings, monkeypatch):
    settings.EXPORT_ASYNC_THRESHOLD = 2
    for _ in range(3):
        VeteranFactory()
    StaffFactory(username="exporter")
    # Keep the job queued when its page opens (tests run tasks eagerly), so the page has something to follow.
    monkeypatch.setattr(tasks.run_export, "delay_on_commit", lambda job_id: None)
    page.goto("/accounts/login/?next=/staff/veterans/")
    page.fill("input[name=login]", "exporter")
    page.fill("input[name=password]", "pass-1234-word")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/staff/veterans/")
    page.click("[data-testid=export-xlsx]")
    page.click("#export-start")
    page.wait_for_selector("#export-status[data-status=queued]")
    assert page.locator("#export-download").count() == 0
    services.export_job_run(job_id=ExportJob.objects.get().pk)
    page.wait_for_selector("#export-download")  # the script saw the job finish and reloaded the page
    assert page.locator("#export-progress").get_attribute("aria-valuenow") == "100"
    with page.expect_download() as download:
        page.click("#export-download")
    rows = parse("xlsx", Path(download.value.path()).read_bytes())
    assert len(rows) == 4
