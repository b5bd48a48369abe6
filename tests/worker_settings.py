"""Settings of a Celery worker *process* started by a test (tests/portal/test_worker_kill.py): the test settings,
but consuming for real from Redis, on the test's own database and queue (given in the environment)."""

import os

from portal.settings.test import *  # noqa: F403
from portal.settings.test import DATABASES

CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_DEFAULT_QUEUE = os.environ["WORKER_QUEUE"]
CELERY_BROKER_URL = CELERY_RESULT_BACKEND = os.environ["REDIS_URL"]
DATABASES["default"]["NAME"] = os.environ["WORKER_DATABASE_NAME"]
DATABASES.pop("replica", None)
WORK_STALLED_AFTER_SECONDS = int(os.environ["WORK_STALLED_AFTER_SECONDS"])
MATCHING_PUSH_BATCH_SIZE = int(os.environ["MATCHING_PUSH_BATCH_SIZE"])
MEDIA_ROOT = os.environ["WORKER_MEDIA_ROOT"]
