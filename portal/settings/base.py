"""Settings shared by every environment. Values that differ per deployment come from the environment."""

from pathlib import Path

import environ
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

from .database import database_pooler, databases

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A developer's .env is read only when asked for: otherwise it would silently point the test settings (and an image
# built from a checkout holding one) at its hosts. Docker Compose passes .env to the containers itself (env_file).
if env.bool("DJANGO_READ_DOT_ENV_FILE", default=False):
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-insecure-key-change-me-0123456789abcdefghijklmnopqrstuvwxyz")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "portal.views.public.csrf_failure"  # the refusal in the site layout, translated

# Keys for encrypting personal data (national ID numbers) at rest, newest first (portal/crypto.py): the first
# encrypts, every one decrypts, so a key rotates without downtime (`manage.py rotate_pii_key`). PII_ENCRYPTION_KEY
# is the one-key form. Separate from SECRET_KEY so that rotating sessions never makes stored IDs unreadable.
PII_ENCRYPTION_KEY = env("PII_ENCRYPTION_KEY", default="dev-only-pii-key-do-not-use-in-production")
PII_ENCRYPTION_KEYS = env.list("PII_ENCRYPTION_KEYS", default=[]) or [PII_ENCRYPTION_KEY]
PII_ENCRYPTION_KEY = PII_ENCRYPTION_KEYS[0]
# The keyed hash beside each value (lookup, uniqueness) must not change when the encryption key rotates: it has its
# own key, by default the oldest encryption key (what the hash has always used). Set it before dropping that key.
PII_HASH_KEY = env("PII_HASH_KEY", default=PII_ENCRYPTION_KEYS[-1])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "django_celery_beat",
    "portal",
    "portal.staff",
    "jobs",
    "jobs.matching",
    "training",
    "entrepreneurship",
    "benefits",
    "portal.news",
    "portal.care",
    "portal.onestop",
    "portal.counsel",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.middleware.CSPMiddleware",
    "portal.middleware.PermissionsPolicyMiddleware",
    "portal.replica.ReplicaPinMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "portal.middleware.CachedUserAuthenticationMiddleware",  # Django's, the user row from the cache
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.middleware.AccessDeniedMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.middleware.StaffSessionMiddleware",
    "portal.staff.middleware.StaffMFAMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
ASGI_APPLICATION = "portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.site",
            ],
        },
    },
]

# The primary, a read replica, a pooler in front of them: portal/settings/database.py.
DATABASES = databases(env, sqlite_default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASE_POOLER = database_pooler(env)
REPLICA_READS_ENABLED = "replica" in DATABASES
DATABASE_ROUTERS = ["portal.replica.PrimaryReplicaRouter"]
# After a write, the client reads the primary for this long (a replica's lag is well under a second in one data centre).
REPLICA_STICKY_SECONDS = env.int("REPLICA_STICKY_SECONDS", default=10)
# Writes nobody reads back at once: they do not pin the request to the primary.
REPLICA_UNPINNED_MODELS = ["portal.AuditLog", "portal.ExportJob", "sessions.Session"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")

AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:workspace"  # the role workspaces (portal.workspace)
LOGOUT_REDIRECT_URL = "portal:home"

# --- i18n: Chinese first, English complete -------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
# Every project catalogue is a locale path, not only an app's: Django merges LOCALE_PATHS over all apps' catalogues
# (the first path winning), so the project's own wording beats Django's and allauth's for the same msgid ("Sessions"
# is 课时 here, not django.contrib.sessions' 会话). The order is tests/test_translations.py's PRECEDENCE.
LOCALE_PATHS = [
    BASE_DIR / "locale",
    BASE_DIR / "jobs" / "locale",
    BASE_DIR / "jobs" / "matching" / "locale",
    BASE_DIR / "training" / "locale",
    BASE_DIR / "entrepreneurship" / "locale",
    BASE_DIR / "benefits" / "locale",
]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- static and media ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Object storage (django-storages): with S3_BUCKET set, every stored file — résumés, card photos, proofs, import and
# export files — goes to an S3-compatible bucket (AWS, Aliyun OSS, Tencent COS, MinIO, Ceph …), so any web node or
# worker reads what another wrote. Objects are private; the permission-checked views stream them to whoever may see
# them (portal.uploads.private_file_response), and a URL the storage signs expires after S3_URL_SECONDS.
S3_BUCKET = env("S3_BUCKET", default="")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env("S3_ENDPOINT_URL", default="") or None,
            "region_name": env("S3_REGION", default="") or None,
            "access_key": env("S3_ACCESS_KEY_ID", default="") or env("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env("S3_SECRET_ACCESS_KEY", default="") or env("AWS_SECRET_ACCESS_KEY", default="") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": env.int("S3_URL_SECONDS", default=300),
            "file_overwrite": False,
            "signature_version": "s3v4",
            "addressing_style": env("S3_ADDRESSING_STYLE", default="path"),
            "location": env("S3_PREFIX", default=""),
        },
    }
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
RESUME_MAX_BYTES = env.int("RESUME_MAX_BYTES", default=5 * 1024 * 1024)
LICENCE_MAX_BYTES = env.int("LICENCE_MAX_BYTES", default=5 * 1024 * 1024)  # an organization's business licence
# Of the positions a trusted employer publishes without review, the share (%) that lands in the staff's spot-check
# queue, unless staff set another share for that employer.
POSITION_SPOT_CHECK_PERCENT = env.int("POSITION_SPOT_CHECK_PERCENT", default=20)
# Uploaded images (card photos, résumé scans) are re-encoded without metadata; larger ones are refused.
IMAGE_MAX_BYTES = env.int("IMAGE_MAX_BYTES", default=3 * 1024 * 1024)
IMAGE_MAX_PIXELS = env.int("IMAGE_MAX_PIXELS", default=40_000_000)
# A staff import's (encrypted) hand-over file is deleted when the import ends, or this many hours after an
# unconfirmed preview was made (at most 24).
IMPORT_FILE_MAX_AGE_HOURS = env.int("IMPORT_FILE_MAX_AGE_HOURS", default=24)
# The title on each kind of benefit card as the bureau names it; empty keeps the translated default
# (优待证 for veterans, 拥军优属卡 for family members).
BENEFIT_CARD_TITLES = {
    "veteran": env("BENEFIT_CARD_TITLE_VETERAN", default=""),
    "family": env("BENEFIT_CARD_TITLE_FAMILY", default=""),
}

# --- cache, sessions, Redis ----------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="portal"),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Celery -------------------------------------------------------------------------------
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

# --- e-mail -------------------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="退役军人就业创业服务平台 <noreply@veterans.example.cn>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# --- SMS (portal.sms, portal.services.sms) -------------------------------------------------
# Chosen like EMAIL_BACKEND: the console prints messages (make run); portal.sms.aliyun.AliyunBackend sends through
# Aliyun Dysmsapi (signed requests, registered sign name and templates); tests use portal.sms.backends.LocmemBackend.
SMS_BACKEND = env("SMS_BACKEND", default="portal.sms.backends.ConsoleBackend")
SMS_SIGN_NAME = env("SMS_SIGN_NAME", default="退役军人服务平台")
# The provider's code of each registered template (purpose → code); their parameters: verification_code ${code},
# notice ${title}, invitation ${days} ${url}.
SMS_TEMPLATES = {
    "verification_code": env("SMS_TEMPLATE_VERIFICATION_CODE", default="SMS_VERIFICATION_CODE"),
    "notice": env("SMS_TEMPLATE_NOTICE", default="SMS_NOTICE"),
    "invitation": env("SMS_TEMPLATE_INVITATION", default="SMS_INVITATION"),
}
SMS_ALIYUN_ENDPOINT = env("SMS_ALIYUN_ENDPOINT", default="https://dysmsapi.aliyuncs.com/")
SMS_ALIYUN_REGION_ID = env("SMS_ALIYUN_REGION_ID", default="cn-hangzhou")
SMS_ALIYUN_ACCESS_KEY_ID = env("SMS_ALIYUN_ACCESS_KEY_ID", default="")
SMS_ALIYUN_ACCESS_KEY_SECRET = env("SMS_ALIYUN_ACCESS_KEY_SECRET", default="")
SMS_TIMEOUT = env.float("SMS_TIMEOUT", default=10.0)  # seconds per request to the gateway
SMS_MAX_ATTEMPTS = env.int("SMS_MAX_ATTEMPTS", default=5)
# Per mobile number: at most COUNT messages in SECONDS, for every window listed.
SMS_RATE_LIMITS = env("SMS_RATE_LIMITS", default="1/60,5/3600,10/86400")

# --- allauth ------------------------------------------------------------------------------
# Sign up and sign in with a username, an e-mail address or a mobile number (SMS code: login by code). E-mail is
# optional, phone too, but not both (portal.account_forms.SignupForm). allauth's "mandatory" needs "email*", so
# the rule is kept by portal.adapters.EmailVerificationStage: an account without a verified mobile number must
# confirm its e-mail before it signs in, exactly as before.
ACCOUNT_LOGIN_METHODS = {"username", "email", "phone"}
ACCOUNT_SIGNUP_FIELDS = ["phone", "email", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_PHONE_VERIFICATION_ENABLED = True
# Six digits, as Chinese SMS codes are (easy to type on a phone); allauth allows 3 tries per code.
ACCOUNT_PHONE_VERIFICATION_CODE_FORMAT = {"numeric": True, "length": 6, "dashed": False}
ACCOUNT_LOGIN_BY_CODE_FORMAT = {"numeric": True, "length": 6, "dashed": False}
ACCOUNT_FORMS = {"signup": "portal.account_forms.SignupForm"}
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[退役军人服务平台] "
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
ACCOUNT_ADAPTER = "portal.adapters.AccountAdapter"
# Accounts staff created (import, 代办): invitations to claim them, and wrong ID digits allowed per invitation.
ACCOUNT_CLAIM_DAYS = env.int("ACCOUNT_CLAIM_DAYS", default=14)
ACCOUNT_CLAIM_MAX_ATTEMPTS = env.int("ACCOUNT_CLAIM_MAX_ATTEMPTS", default=5)
# Reverse proxies in front of the app that append to X-Forwarded-For (nginx/Caddy: 1). Rate limits (allauth's and
# the API's) key on the client address this many hops back; 0 trusts no header and uses the peer address.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "退役军人就业创业服务平台"
# Bureau staff need TOTP for /staff/ and /admin/ (portal.staff.middleware). Off only in the test settings.
STAFF_REQUIRE_MFA = env.bool("STAFF_REQUIRE_MFA", default=True)
# Staff sessions end after this many seconds without a request, and this long after sign-in at the latest
# (portal.middleware). Everyone else keeps SESSION_COOKIE_AGE (two weeks).
STAFF_SESSION_IDLE_TIMEOUT = env.int("STAFF_SESSION_IDLE_TIMEOUT", default=30 * 60)
STAFF_SESSION_MAX_AGE = env.int("STAFF_SESSION_MAX_AGE", default=12 * 3600)
# API keys (portal.models.tokens): a user's own keys, and an organization's integration keys.
API_TOKEN_TTL_DAYS = env.int("API_TOKEN_TTL_DAYS", default=30)
API_INTEGRATION_KEY_TTL_DAYS = env.int("API_INTEGRATION_KEY_TTL_DAYS", default=365)
# Audit log entries older than this are purged nightly; never less than 180 days (portal.staff.services).
AUDIT_LOG_RETENTION_DAYS = env.int("AUDIT_LOG_RETENTION_DAYS", default=365)
# Job fairs: check-in opens this many minutes before a fair starts and closes when it ends (staff may override,
# audited); a booth's signed "scan to apply" link is honoured this many days after it was issued, never after the fair.
FAIR_CHECKIN_EARLY_MINUTES = env.int("FAIR_CHECKIN_EARLY_MINUTES", default=60)
FAIR_SCAN_LINK_MAX_AGE_DAYS = env.int("FAIR_SCAN_LINK_MAX_AGE_DAYS", default=30)
# A staff export of more rows than this runs as a background job (progress bar, private download) instead of inside
# the request; its file is deleted this many hours after it is ready (portal.staff.services).
EXPORT_ASYNC_THRESHOLD = env.int("EXPORT_ASYNC_THRESHOLD", default=20000)
EXPORT_FILE_HOURS = env.int("EXPORT_FILE_HOURS", default=24)

# --- DRF ----------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "portal.api.authentication.StaffSecondFactorSessionAuthentication",
        "portal.api.authentication.ApiTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "portal.api.pagination.CachedCountPagination",  # large totals counted once a minute
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "portal.api.throttling.FixedWindowAnonRateThrottle",
        "portal.api.throttling.FixedWindowUserRateThrottle",
        "portal.api.throttling.FixedWindowScopedRateThrottle",
    ],
    # anon: per client address; user: per user; the rest are scopes of costly endpoints (per user, or address).
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_THROTTLE_ANON", default="120/min"),
        "user": env("API_THROTTLE_USER", default="600/min"),
        "token": env("API_THROTTLE_TOKEN", default="20/min"),
        "search": env("API_THROTTLE_SEARCH", default="60/min"),
        "export": env("API_THROTTLE_EXPORT", default="10/min"),
        "certificate_verify": env("API_THROTTLE_CERTIFICATE_VERIFY", default="30/min"),
        "card_verify": env("API_THROTTLE_CARD_VERIFY", default="60/min"),
    },
    "NUM_PROXIES": ALLAUTH_TRUSTED_PROXY_COUNT,
    "EXCEPTION_HANDLER": "portal.api.exceptions.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "退役军人就业创业服务平台 API",
    "DESCRIPTION": "Veteran employment and entrepreneurship portal — public REST API (v1).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # A choice set used by more than one component (a fair's kind is read and written) needs a name of its own.
    "ENUM_NAME_OVERRIDES": {
        "JobFairKindEnum": "jobs.models.JobFair.Kind",
        "SubsidyAttachmentKindEnum": "training.models.SubsidyAttachment.Kind",
        "SkillLevelEnum": "training.models.SkillLevel",
        "ArticleKindEnum": "portal.news.models.Article.Kind",
        "ArticleStatusEnum": "portal.news.models.Article.Status",
        "CounselKindEnum": "portal.counsel.models.Kind",
        "CounselRequestStatusEnum": "portal.counsel.models.CounselRequest.Status",
        "CareNeedEnum": "portal.care.models.Need",
        "OrganizationStatusEnum": "portal.models.Organization.Status",
        "CareReasonEnum": "portal.care.models.Reason",
        "CareConditionEnum": "portal.care.models.CareVisit.Condition",
        "InterviewStatusEnum": "jobs.models.Interview.Status",
        "ApplicationStatusEnum": "jobs.models.Application.Status",
        "QueueTicketStatusEnum": "jobs.models.QueueTicket.Status",
    },
}

# --- browser security headers -------------------------------------------------------------
# Content-Security-Policy (django-csp): scripts only from our own static files, never inline or eval'd; pages keep their
# behaviour in static JS driven by data- attributes (tests/portal/test_security_headers.py scans the templates).
# Styles keep 'unsafe-inline': the Django admin and Swagger UI ship inline <style> and style attributes, and a few
# pages set widths (progress bars) inline; injected CSS cannot run code. QR codes are data: images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "media-src": [SELF, "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Where browsers send violation reports (the bureau's collector), if anywhere.
if env("CSP_REPORT_URI", default=""):
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["report-uri"] = [env("CSP_REPORT_URI")]
# Permissions-Policy (portal.middleware): every powerful feature off; the camera only for the pages with a QR scanner,
# which widen it with @portal.middleware.permissions_policy(camera=["self"]).
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "bluetooth": [],
    "browsing-topics": [],
    "camera": [],
    "display-capture": [],
    "geolocation": [],
    "gyroscope": [],
    "hid": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "serial": [],
    "usb": [],
    "xr-spatial-tracking": [],
}

# --- admin branding, logging ---------------------------------------------------------------
SITE_NAME = _("Veteran Employment & Entrepreneurship Service Platform")
BUREAU_NAME = env("BUREAU_NAME", default="")
# Where people reach the bureau's personal-information contact (shown on the privacy policy, /privacy/).
PRIVACY_CONTACT_EMAIL = env("PRIVACY_CONTACT_EMAIL", default="")
PRIVACY_CONTACT_PHONE = env("PRIVACY_CONTACT_PHONE", default="")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"jieba": {"level": "WARNING"}},
}

# Training: check-in is accepted from this many minutes before a session starts until as many after it ends
# (a trainer records attendance outside that window only with a reason). Evaluation committee rubric weights (sum
# 100) and the score under which an institution is flagged for the next period's allocation.
TRAINING_CHECKIN_GRACE_MINUTES = env.int("TRAINING_CHECKIN_GRACE_MINUTES", default=30)
TRAINING_EVALUATION_WEIGHTS = {"teaching": 30, "attendance": 15, "completion": 20, "employment": 25, "ratings": 10}
TRAINING_EVALUATION_THRESHOLD = env.int("TRAINING_EVALUATION_THRESHOLD", default=60)
