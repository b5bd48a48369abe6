"""Encryption at rest for personal data (PIPL): Fernet for the value, HMAC-SHA256 for lookup and uniqueness.

Keys (portal/settings/keys.py, README "Production"):

- `PII_ENCRYPTION_KEYS`, newest first: values are encrypted with the first and decrypted with any of them
  (`MultiFernet`), so a key can be rotated: put the new key first, keep the old ones after it, run
  `manage.py rotate_pii_key`, then drop the old keys. A one-key deployment may set `PII_ENCRYPTION_KEY` instead.
- `PII_HASH_KEY` keys the lookup hash. It never rotates with the encryption keys (a changed hash would orphan every
  stored hash and its uniqueness); by default it is the oldest encryption key, which is what the hash always used.

A value that no configured key decrypts raises `DecryptionError`: a wrong key must be loud, never an empty ID.
"""

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models


class DecryptionError(Exception):
    """No configured PII key decrypts a stored value: the keys are wrong, or an old key was dropped too early."""


class EncryptedTextField(models.TextField):
    """A column holding a token from `encrypt()`. `rotate_pii_key` re-encrypts every field of this type."""


def encryption_keys() -> list[str]:
    keys = [k for k in (getattr(settings, "PII_ENCRYPTION_KEYS", None) or []) if k]
    return keys or [settings.PII_ENCRYPTION_KEY]


def hash_key() -> str:
    return getattr(settings, "PII_HASH_KEY", None) or encryption_keys()[-1]


@lru_cache(maxsize=16)
def _fernet(secret: str) -> Fernet:
    key = hashlib.sha256(("enc:" + secret).encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


@lru_cache(maxsize=8)
def _multi(secrets: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([_fernet(secret) for secret in secrets])


def encrypt(value: str) -> str:
    return _multi(tuple(encryption_keys())).encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _multi(tuple(encryption_keys())).decrypt(token.encode()).decode()
    except InvalidToken:
        raise DecryptionError(
            "No key in PII_ENCRYPTION_KEYS decrypts a stored value: the keys are wrong, or the key it was encrypted "
            "with was removed before `manage.py rotate_pii_key` ran."
        ) from None


def is_current(token: str) -> bool:
    """True when the token is already encrypted with the newest key (or empty): nothing to rotate."""
    if not token:
        return True
    try:
        _fernet(encryption_keys()[0]).decrypt(token.encode())
    except InvalidToken:
        return False
    return True


def rotate(token: str) -> str:
    """The same value encrypted with the newest key. Raises DecryptionError if no configured key opens it."""
    if not token:
        return ""
    try:
        return _multi(tuple(encryption_keys())).rotate(token.encode()).decode()
    except InvalidToken:
        decrypt(token)  # raises the explanatory DecryptionError
        raise


def encrypted_fields() -> list:
    """Every concrete model field holding `encrypt()` tokens: fields of type EncryptedTextField, and text columns
    named `*_encrypted` (the convention, so a field declared before it adopted the type is still rotated)."""
    from django.apps import apps

    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedTextField) or (
                isinstance(field, models.TextField | models.CharField) and field.name.endswith("_encrypted")
            ):
                found.append(field)
    return found


def keyed_hash(value: str) -> str:
    key = hashlib.sha256(("mac:" + hash_key()).encode()).digest()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def mask_id_number(value: str) -> str:
    """`330106199001011234` → `3301**********1234`; anything short is masked whole."""
    if not value:
        return ""
    if len(value) < 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_name(name: str) -> str:
    """`张三丰` → `张**`; `Li Lei` → `L*****`."""
    if not name:
        return ""
    return name[0] + "*" * (len(name) - 1) if len(name) > 1 else "*"


def mask_phone(phone: str) -> str:
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 11 else "*" * len(phone)
