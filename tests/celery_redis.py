"""Celery switched from eager mode to Redis for one test, on a queue private to this test process: what the real
worker fixture (tests.fixtures.celery_worker_real) and the worker-kill test's worker process both start from."""

import contextlib
import os

from portal.celery import app

SWAPPED = ("task_always_eager", "task_default_queue", "broker_url", "result_backend")


@contextlib.contextmanager
def celery_on_redis(settings, *, prefix: str):
    """Send tasks through Redis to a private queue (yielded by name); on exit purge it and restore the app's
    configuration. `settings` is pytest-django's fixture, which restores CELERY_TASK_ALWAYS_EAGER itself."""
    queue = f"{prefix}-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-{os.getpid()}"
    old = {key: app.conf[key] for key in SWAPPED}
    app.conf.update(
        task_always_eager=False,
        task_default_queue=queue,
        broker_url=os.environ["REDIS_URL"],
        result_backend=os.environ["REDIS_URL"],
    )
    settings.CELERY_TASK_ALWAYS_EAGER = False
    try:
        yield queue
        with app.connection_for_write() as conn:
            conn.default_channel.queue_purge(queue)
    finally:
        app.conf.update(old)
