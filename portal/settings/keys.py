"""Secret keys: Django's own (sessions, signing) and the keys of personal data at rest (portal/crypto.py).

Production takes every one from the environment (portal/settings/production.py); the defaults here are refused there
(portal.checks.SHIPPED_SECRETS).
"""

from .environment import env

SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-insecure-key-change-me-0123456789abcdefghijklmnopqrstuvwxyz")

# Keys for encrypting personal data (national ID numbers) at rest, newest first (portal/crypto.py): the first
# encrypts, every one decrypts, so a key rotates without downtime (`manage.py rotate_pii_key`). PII_ENCRYPTION_KEY
# is the one-key form. Separate from SECRET_KEY so that rotating sessions never makes stored IDs unreadable.
PII_ENCRYPTION_KEY = env("PII_ENCRYPTION_KEY", default="dev-only-pii-key-do-not-use-in-production")
PII_ENCRYPTION_KEYS = env.list("PII_ENCRYPTION_KEYS", default=[]) or [PII_ENCRYPTION_KEY]
PII_ENCRYPTION_KEY = PII_ENCRYPTION_KEYS[0]
# The keyed hash beside each value (lookup, uniqueness) must not change when the encryption key rotates: it has its
# own key, by default the oldest encryption key (what the hash has always used). Set it before dropping that key.
PII_HASH_KEY = env("PII_HASH_KEY", default=PII_ENCRYPTION_KEYS[-1])
