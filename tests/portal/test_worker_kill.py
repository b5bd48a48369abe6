"""A push fan-out and an import survive `kill -9` of their Celery worker process: after the worker restarts, the
sweeper (run through the worker, as beat would) resumes the work within two minutes, exactly once.

The worker is a real `celery worker` process (prefork) on Redis and this test's PostgreSQL database; its whole
process group is killed with SIGKILL while the work is half done."""

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from jobs.matching import services as matching
from jobs.matching import tasks as matching_tasks
from jobs.matching.models import PushRun
from jobs.models import Position
from portal.models import ImportJob, MilitarySpecialty, Notification, OccupationCategory, Region, VeteranProfile
from portal.staff import services as staff
from portal.staff import tasks as staff_tasks
from tests.celery_redis import celery_on_redis
from tests.factories import OrganizationFactory, StaffFactory
from tests.staff.helpers import csv_upload, id_number

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.xdist_group("worker-kill")]
ROOT = Path(__file__).resolve().parents[2]
STALLED_AFTER = 3  # seconds, in the worker and here
RESUME_WITHIN = 120


class Worker:
    def __init__(self, queue: str, media_root):
        self.queue, self.media_root = queue, str(media_root)
        self.process = None

    def start(self):
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
            "WORKER_QUEUE": self.queue,
            "WORKER_DATABASE_NAME": connection.settings_dict["NAME"],
            "WORK_STALLED_AFTER_SECONDS": str(STALLED_AFTER),
            "MATCHING_PUSH_BATCH_SIZE": "10",
            "WORKER_MEDIA_ROOT": self.media_root,
        }
        command = [sys.executable, "-m", "celery", "-A", "portal", "worker", "-Q", self.queue, "-c", "1"]
        self.process = subprocess.Popen(
            [*command, "--pool", "prefork", "-l", "warning", "--without-gossip", "--without-mingle"],
            cwd=ROOT,
            env=env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
        )

    def kill(self):
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.kill()


@pytest.fixture
def worker(transactional_db, settings):
    settings.WORK_STALLED_AFTER_SECONDS = STALLED_AFTER
    with celery_on_redis(settings, prefix="kill") as queue:
        process = Worker(queue, settings.MEDIA_ROOT)
        process.start()
        yield process
        process.stop()


def _wait(predicate, timeout: float, step: float = 0.02):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return predicate()


def _resume_after_restart(worker, sweep, done) -> float:
    """Restart the worker, then sweep (through it) every few seconds until `done()`; returns the seconds taken."""
    worker.start()
    started = time.monotonic()
    while time.monotonic() - started < RESUME_WITHIN:
        time.sleep(STALLED_AFTER + 1)
        sweep.delay()
        if _wait(done, timeout=STALLED_AFTER):
            break
    return time.monotonic() - started


def _driver_position() -> Position:
    position = Position.objects.create(
        organization=OrganizationFactory(org_type="employer", status="verified"),
        title="城市配送驾驶员",
        description="福州城区配送。",
        category=OccupationCategory.objects.get(code="0101"),
        region=Region.objects.get(code="350102"),
        salary_min=6000,
        salary_max=9000,
        skills=["驾驶"],
        status=Position.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    position.military_specialties.set(MilitarySpecialty.objects.filter(code="M01"))
    return position


def test_a_push_killed_mid_fan_out_finishes_exactly_once_after_restart(worker):
    call_command("seed_scale", veterans=2400, stdout=io.StringIO())  # 600 drivers in Fuzhou match
    position = _driver_position()
    key = matching.position_event_key(position.pk)
    matching_tasks.position_published.delay(position.pk)
    half = _wait(lambda: PushRun.objects.filter(event_key=key, cursor__gt=0, status="running").first(), timeout=60)
    assert half is not None, "the push never started in the worker"
    worker.kill()
    run = PushRun.objects.get(event_key=key)
    sent_at_kill = Notification.objects.filter(event_key=key).count()
    assert run.status == PushRun.Status.RUNNING and 0 < sent_at_kill < 600, sent_at_kill

    seconds = _resume_after_restart(
        worker, matching_tasks.resume_stalled_pushes, lambda: PushRun.objects.filter(event_key=key, status="done")
    )
    print(f"recovery: push resumed and finished {seconds:.1f} s after the worker restarted")  # shown with -rP
    assert seconds < RESUME_WITHIN
    notices = Notification.objects.filter(event_key=key)
    assert notices.count() == 600 == PushRun.objects.get(event_key=key).recipients
    assert notices.values("recipient_id").distinct().count() == 600


def test_an_import_killed_mid_file_finishes_exactly_once_after_restart(worker):
    rows = [["李强", id_number(n), f"138{n:08d}", "350102", "陆军", "", "", ""] for n in range(1, 301)]
    job = staff.import_job_create(upload=csv_upload(rows), staff_user=StaffFactory())
    staff.import_job_start(job=job, staff_user=job.created_by)  # autocommit: queued at once
    assert _wait(lambda: ImportJob.objects.filter(pk=job.pk, processed__gte=25).exists(), timeout=90)
    worker.kill()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.RUNNING and 25 <= job.processed < 300, job.processed

    seconds = _resume_after_restart(
        worker, staff_tasks.resume_stalled_jobs, lambda: ImportJob.objects.filter(pk=job.pk, status="done")
    )
    print(f"recovery: import resumed and finished {seconds:.1f} s after the worker restarted")
    assert seconds < RESUME_WITHIN
    job.refresh_from_db()
    assert (job.created, job.processed, job.refused) == (300, 300, 0)
    assert VeteranProfile.objects.count() == 300
    assert sorted(r["row"] for r in job.report) == list(range(2, 302))
