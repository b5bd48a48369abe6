"""Celery: broker, reliability of delivery, time limits, and the leases of long-running work (portal.work)."""

from .cache import REDIS_URL
from .environment import env
from .i18n import TIME_ZONE

# Without REDIS_URL tasks run eagerly in-process (still enqueued with delay_on_commit).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=REDIS_URL or None)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
# A message a killed worker held comes back after the visibility timeout: longer than the longest task (imports
# and exports, an hour) and the longest retry countdown (30 min), so a live task is never delivered twice. Work
# interrupted by a kill resumes much sooner, through the leases and sweepers of portal.work.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3900}
# A running import, export or push without a heartbeat for this long is presumed dead and taken over (portal.work);
# the sweepers run every minute, so interrupted work resumes within about two minutes.
WORK_STALLED_AFTER_SECONDS = env.int("WORK_STALLED_AFTER_SECONDS", default=45)
# Recipients per push batch (one transaction and one heartbeat each); each batch re-runs the scoring query.
MATCHING_PUSH_BATCH_SIZE = env.int("MATCHING_PUSH_BATCH_SIZE", default=25000)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="portal")
# No CELERY_BEAT_SCHEDULE here: the schedule is the union of the pillars' (portal.pillars.beat_schedule()).
