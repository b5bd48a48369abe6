"""Settings shared by every environment. Values that differ per deployment come from the environment.

The core (apps, middleware, templates, databases, logging) is here; each concept has a module of its own beside it.
"""

from .api import *  # noqa: F403
from .auth import *  # noqa: F403
from .branding import *  # noqa: F403
from .cache import *  # noqa: F403
from .celery import *  # noqa: F403
from .database import database_pooler, databases
from .environment import BASE_DIR, env
from .i18n import *  # noqa: F403
from .keys import *  # noqa: F403
from .messaging import *  # noqa: F403
from .policy import *  # noqa: F403
from .security import *  # noqa: F403
from .storage import *  # noqa: F403

DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
CSRF_FAILURE_VIEW = "portal.views.public.csrf_failure"  # the refusal in the site layout, translated

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
# A replica that failed is not tried again by that process for this long: its reads go to the primary meanwhile.
REPLICA_RETRY_SECONDS = env.int("REPLICA_RETRY_SECONDS", default=30)
# Writes nobody reads back at once: they do not pin the request to the primary.
REPLICA_UNPINNED_MODELS = ["portal.AuditLog", "portal.ExportJob", "sessions.Session"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"jieba": {"level": "WARNING"}},
}
