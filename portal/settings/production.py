"""Production: everything secret or deployment-specific must come from the environment."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
PII_ENCRYPTION_KEYS = env.list("PII_ENCRYPTION_KEYS", default=[]) or [env("PII_ENCRYPTION_KEY")]
PII_ENCRYPTION_KEY = PII_ENCRYPTION_KEYS[0]
PII_HASH_KEY = env("PII_HASH_KEY", default=PII_ENCRYPTION_KEYS[-1])
# Weak, shipped or shared keys stop every management command (migrate included), not only `check --deploy`.
REFUSE_WEAK_SECRETS = True
# Without Redis, Celery would run tasks inside web requests and every worker would keep its own cache (rate limits
# per process): production refuses to start half-configured (portal.checks.check_production_services).
REQUIRE_REDIS = True
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
# DATABASE_URL is required here (no SQLite file); base.py built DATABASES from it (portal/settings/database.py).
env("DATABASE_URL")

# Files: the local folder (MEDIA_ROOT) on one host; an S3-compatible bucket (S3_BUCKET, portal/settings/storage.py) as
# soon as a second web node or a worker on another host shares the work.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}  # noqa: F405

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
# Only for the file backend (`make cluster` writes each e-mail to a file there; bench/fairday.py counts them).
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=None)
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
# Text messages through the gateway (README "Phone sign-in and SMS"); the console backend only logs them.
SMS_BACKEND = env("SMS_BACKEND", default="portal.sms.aliyun.AliyunBackend")
