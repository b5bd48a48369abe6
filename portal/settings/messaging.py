"""E-mail and text messages (portal.sms, portal.services.sms)."""

from .environment import env

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="退役军人就业创业服务平台 <noreply@veterans.example.cn>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# --- SMS ----------------------------------------------------------------------------------------------------------
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
