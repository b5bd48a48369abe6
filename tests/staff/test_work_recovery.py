"""Work a killed worker left behind resumes, exactly once: leases, heartbeats and the minute sweepers (portal.work).

A kill is simulated by an exception no `except Exception` catches (as SIGKILL stops a process mid-batch, leaving the
row RUNNING and the uncommitted batch rolled back); the real SIGKILL of a worker process is in
tests/portal/test_worker_kill.py."""

import datetime

import pytest
from django.utils import timezone

from portal import work
from portal.models import ExportJob, ImportJob, VeteranProfile
from portal.staff import exports, services, tasks
from portal.staff.services import import_jobs
from tests.factories import StaffFactory, VeteranFactory
from tests.staff.helpers import csv_upload, id_number

pytestmark = pytest.mark.django_db


class Killed(BaseException):
    """Stands for SIGKILL: nothing in the code under test catches it."""


def _age(model, pk, seconds=3600):
    model.objects.filter(pk=pk).update(heartbeat_at=timezone.now() - datetime.timedelta(seconds=seconds))


def _queued_import(rows: int) -> ImportJob:
    good = [["李强", id_number(n), f"138{n:08d}", "350102", "陆军", "", "", ""] for n in range(1, rows + 1)]
    job = services.import_job_create(upload=csv_upload(good), staff_user=StaffFactory())
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.QUEUED, queued_at=timezone.now())
    return job


def test_only_one_taker_and_a_live_heartbeat_keeps_the_job():
    job = _queued_import(1)
    token = work.lease_take(ImportJob, pk=job.pk, waiting="queued", running="running")
    assert token
    assert work.lease_take(ImportJob, pk=job.pk, waiting="queued", running="running") is None  # held and alive
    _age(ImportJob, job.pk)
    successor = work.lease_take(ImportJob, pk=job.pk, waiting="queued", running="running")
    assert successor and successor != token
    with pytest.raises(work.LeaseLost):  # the presumed-dead worker stops at its next heartbeat
        work.lease_beat(ImportJob, pk=job.pk, token=token, processed=1)
    assert not work.lease_end(ImportJob, pk=job.pk, token=token, status="done")
    assert ImportJob.objects.get(pk=job.pk).attempts == 2


def test_an_import_killed_in_its_second_batch_resumes_from_the_committed_rows(monkeypatch):
    job = _queued_import(60)  # batches of 25: 25 committed, the second batch dies on its 10th row
    real_row, calls, killed = import_jobs.import_row, [], []

    def dying_row(row, staff_user=None):
        calls.append(row.number)
        if len(calls) == 35 and not killed:
            killed.append(row.number)
            raise Killed
        return real_row(row, staff_user)

    monkeypatch.setattr(import_jobs, "import_row", dying_row)
    with pytest.raises(Killed):
        services.import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.processed, job.created, VeteranProfile.objects.count()) == ("running", 25, 25, 25)

    assert services.stalled_jobs_resume() == 0  # its heartbeat is fresh: maybe it is only slow
    _age(ImportJob, job.pk)
    calls.clear()
    assert services.stalled_jobs_resume() == 1  # the sweeper queues it; eager here, so it runs now
    job.refresh_from_db()
    assert (job.status, job.processed, job.created, job.attempts) == ("done", 60, 60, 2)
    assert calls[0] == 27  # sheet row 27 is data row 26: nothing committed is imported twice
    assert VeteranProfile.objects.count() == 60
    assert sorted(r["row"] for r in job.report) == list(range(2, 62))
    assert not job.file and not job.lease


def test_a_replaced_import_worker_rolls_its_batch_back(monkeypatch):
    job = _queued_import(30)
    real_row = import_jobs.import_row
    taken_over = []

    def slow_row(row, staff_user=None):
        result = real_row(row, staff_user)
        if row.number == 3 and not taken_over:  # meanwhile the sweeper presumed this worker dead
            _age(ImportJob, job.pk)
            taken_over.append(work.lease_take(ImportJob, pk=job.pk, waiting="queued", running="running"))
        return result

    monkeypatch.setattr(import_jobs, "import_row", slow_row)
    assert services.import_job_run(job_id=job.pk) is None
    assert taken_over[0]
    assert VeteranProfile.objects.count() == 0  # its first batch never committed


def test_starting_an_import_and_each_resend_record_when_it_was_queued(monkeypatch):
    good = [["李强", id_number(1), "13800000001", "350102", "陆军", "", "", ""]]
    job = services.import_job_create(upload=csv_upload(good), staff_user=StaffFactory())
    assert job.queued_at is None  # a preview is not queued
    before = timezone.now()
    job = import_jobs.import_job_start(job=job, staff_user=job.created_by)  # its message waits for the commit
    assert job.status == "queued" and job.queued_at >= before
    long_ago = timezone.now() - datetime.timedelta(minutes=5)
    ImportJob.objects.filter(pk=job.pk).update(queued_at=long_ago)
    export = ExportJob.objects.create(
        requested_by=StaffFactory(is_superuser=True),
        export_key="veterans",
        file_format="csv",
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    assert export.queued_at >= before  # created queued
    ExportJob.objects.filter(pk=export.pk).update(queued_at=long_ago)
    sent = []  # the messages are lost again: nothing runs
    monkeypatch.setattr(tasks.run_import, "delay", lambda pk: sent.append(("import", pk)))
    monkeypatch.setattr(tasks.run_export, "delay", lambda pk: sent.append(("export", pk)))
    assert services.stalled_jobs_resume() == 2
    assert services.stalled_jobs_resume() == 0  # resent just now: not again at the next sweep
    assert sorted(sent) == [("export", export.pk), ("import", job.pk)]
    assert ImportJob.objects.get(pk=job.pk).queued_at > long_ago < ExportJob.objects.get(pk=export.pk).queued_at


def test_a_queued_job_whose_message_was_lost_is_queued_again():
    job = _queued_import(2)
    assert services.stalled_jobs_resume() == 0
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - datetime.timedelta(minutes=5))
    assert services.stalled_jobs_resume() == 0  # an old heartbeat is not an old queuing time
    ImportJob.objects.filter(pk=job.pk).update(queued_at=timezone.now() - datetime.timedelta(minutes=5))
    assert services.stalled_jobs_resume() == 1
    assert ImportJob.objects.get(pk=job.pk).status == "done"
    assert VeteranProfile.objects.count() == 2


def test_an_export_killed_while_writing_is_written_again(settings, monkeypatch):
    settings.EXPORT_ASYNC_THRESHOLD = 5
    for _ in range(7):
        VeteranFactory()
    job = ExportJob.objects.create(
        requested_by=StaffFactory(is_superuser=True),
        export_key="veterans",
        file_format="csv",
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    monkeypatch.setattr(exports, "PROGRESS_EVERY", 2)
    real_writer = exports.WRITERS["csv"]

    def dying_writer(definition, queryset, unmask, handle, progress=None):
        def die(rows_done):
            progress(rows_done)
            raise Killed

        return real_writer(definition, queryset, unmask, handle, progress=die)

    monkeypatch.setitem(exports.WRITERS, "csv", dying_writer)
    with pytest.raises(Killed):
        services.export_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.rows_done, bool(job.file)) == ("running", 2, False)

    monkeypatch.setitem(exports.WRITERS, "csv", real_writer)
    _age(ExportJob, job.pk)
    assert tasks.resume_stalled_jobs() == 1
    job.refresh_from_db()
    assert (job.status, job.rows_done, job.attempts) == ("done", 7, 2)
    assert job.file and not job.lease


def test_the_sweepers_run_every_minute():
    from portal.pillars import beat_schedule

    schedule = beat_schedule()
    by_task = {entry["task"]: entry["schedule"] for entry in schedule.values()}
    assert by_task["portal.staff_resume_stalled_jobs"] == 60.0
    assert by_task["jobs_matching.resume_stalled_pushes"] == 60.0
