"""Accounts and sign-in: the user model, allauth (username, e-mail or mobile number), MFA, staff sessions, API keys."""

from .environment import env

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

# --- allauth ------------------------------------------------------------------------------------------------------
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
