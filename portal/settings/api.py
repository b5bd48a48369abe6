"""The REST API (DRF) and its OpenAPI schema (drf-spectacular)."""

from .auth import ALLAUTH_TRUSTED_PROXY_COUNT
from .environment import env

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
