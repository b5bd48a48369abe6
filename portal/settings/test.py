"""Test settings: fast hashing, in-memory e-mail; database and Redis from the environment when given."""

from .base import *  # noqa: F403
from .base import env  # noqa: F401

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SMS_BACKEND = "portal.sms.backends.LocmemBackend"  # portal.sms.outbox, like mail.outbox
SMS_RATE_LIMITS = "100/60"  # tests of the limits set their own
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
STORAGES = {
    # S3_BUCKET (a process started by tests/portal/test_object_storage.py) keeps the bucket (portal.settings.storage).
    "default": STORAGES["default"] if S3_BUCKET else {"BACKEND": "django.core.files.storage.FileSystemStorage"},  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests run tasks eagerly unless a test starts a real worker (tests/portal/test_celery_worker.py).
CELERY_TASK_ALWAYS_EAGER = True
# Rate limits are exercised by dedicated tests that re-enable them.
ACCOUNT_RATE_LIMITS = False
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": dict.fromkeys(REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]),  # noqa: F405
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
LANGUAGE_CODE = "zh-hans"
# Other apps' tests force_login staff users without a second factor; tests/staff switch this on.
STAFF_REQUIRE_MFA = False
# The replica alias exists on PostgreSQL as a test mirror of the primary (same database, its own connection), so the
# router can be tested for real (tests/portal/test_replica.py); reads go to it only where a test switches it on.
if DATABASES["default"]["ENGINE"].endswith("postgresql") and "replica" not in DATABASES:  # noqa: F405
    DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
REPLICA_READS_ENABLED = False
