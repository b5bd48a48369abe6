"""System checks that refuse to deploy with weak secrets (errors, not warnings).

They run under `check --deploy`, and under every management command (migrate included) when the settings set
`REFUSE_WEAK_SECRETS` (portal.settings.production does). A key is refused when it is short, when it is a value
shipped in this repository (settings defaults, .env.example, the Dockerfile, the benchmarks, the docs), when it looks
like a placeholder or has too few distinct characters, or when the Django secret and a PII key are the same.
Messages name the variable, never the value.
"""

from django.conf import settings
from django.core.checks import Error, Tags, register

MIN_SECRET_KEY_LENGTH = 50
MIN_PII_KEY_LENGTH = 32
MIN_DISTINCT_CHARACTERS = 10

# Every secret value that appears anywhere in the repository (tests/portal/test_secrets.py keeps this list complete).
SHIPPED_SECRETS = frozenset(
    {
        # portal/settings/keys.py defaults
        "dev-insecure-key-change-me-0123456789abcdefghijklmnopqrstuvwxyz",
        "dev-only-pii-key-do-not-use-in-production",
        # .env.example
        "change-me-to-a-long-random-string-of-at-least-50-characters-0123456789",
        "change-me-separately-from-the-secret-key-and-never-rotate-without-re-encrypting",
        "change-me",
        # Dockerfile (collectstatic at build time) and bench/ (benchmark runs)
        "build",
        "bench-secret-key-" + "x" * 40,
    }
)
PLACEHOLDER_WORDS = ("change-me", "changeme", "insecure", "do-not-use", "example", "placeholder")


def _weakness(value: str, min_length: int) -> str | None:
    if not value:
        return "is empty"
    if value in SHIPPED_SECRETS:
        return "is a value published in the repository"
    if len(value) < min_length:
        return f"is shorter than {min_length} characters"
    if any(word in value.lower() for word in PLACEHOLDER_WORDS):
        return "is a placeholder"
    if len(set(value)) < MIN_DISTINCT_CHARACTERS:
        return f"has fewer than {MIN_DISTINCT_CHARACTERS} distinct characters"
    return None


def secret_errors() -> list[Error]:
    errors = []
    hint = "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(64))'"
    secret_key = settings.SECRET_KEY or ""
    if problem := _weakness(secret_key, MIN_SECRET_KEY_LENGTH):
        errors.append(Error(f"DJANGO_SECRET_KEY {problem}.", hint=hint, id="portal.E001"))

    pii_keys = list(getattr(settings, "PII_ENCRYPTION_KEYS", None) or []) or [settings.PII_ENCRYPTION_KEY]
    for position, key in enumerate(pii_keys, start=1):
        if problem := _weakness(key or "", MIN_PII_KEY_LENGTH):
            name = "PII_ENCRYPTION_KEY" if len(pii_keys) == 1 else f"PII_ENCRYPTION_KEYS entry {position}"
            errors.append(Error(f"{name} {problem}.", hint=hint, id="portal.E002"))
    if len(set(pii_keys)) != len(pii_keys):
        errors.append(Error("PII_ENCRYPTION_KEYS lists the same key twice.", id="portal.E003"))

    hash_key = getattr(settings, "PII_HASH_KEY", None) or pii_keys[-1]
    if hash_key not in pii_keys and (problem := _weakness(hash_key, MIN_PII_KEY_LENGTH)):
        errors.append(Error(f"PII_HASH_KEY {problem}.", hint=hint, id="portal.E004"))

    if secret_key and secret_key in {*pii_keys, hash_key}:
        errors.append(
            Error(
                "DJANGO_SECRET_KEY is also used as a PII key; they must differ.",
                hint="Rotating the Django secret must never touch the keys that protect stored ID numbers.",
                id="portal.E005",
            )
        )
    return errors


@register(Tags.security, deploy=True)
def check_secrets_for_deploy(app_configs, **kwargs):
    # With REFUSE_WEAK_SECRETS the check below already runs (and `check --deploy` runs both): report once.
    return [] if getattr(settings, "REFUSE_WEAK_SECRETS", False) else secret_errors()


@register(Tags.security)
def check_secrets_in_production(app_configs, **kwargs):
    return secret_errors() if getattr(settings, "REFUSE_WEAK_SECRETS", False) else []


@register(Tags.database)
def check_stored_values_decrypt(app_configs, databases=None, **kwargs):
    """`check --database default`: the oldest and newest stored value of every encrypted field must open with the
    configured keys, so a deployment with a wrong or missing PII key is refused before it serves a page."""
    from django.db import DatabaseError

    from portal import crypto

    errors = []
    for alias in databases or []:
        for field in crypto.encrypted_fields():
            manager = field.model._base_manager.using(alias).exclude(**{field.attname: ""})
            try:
                samples = [
                    manager.order_by(order).values_list(field.attname, flat=True).first() for order in ("pk", "-pk")
                ]
            except DatabaseError:
                continue  # not migrated yet: nothing stored to check
            try:
                for token in filter(None, samples):
                    crypto.decrypt(token)
            except crypto.DecryptionError:
                errors.append(
                    Error(
                        f"{field.model._meta.label}.{field.name} holds values that no key in PII_ENCRYPTION_KEYS "
                        "decrypts.",
                        hint="Put the key they were encrypted with back in PII_ENCRYPTION_KEYS (after the new one).",
                        id="portal.E006",
                    )
                )
    return errors


def service_errors() -> list[Error]:
    """What production needs besides secrets: Redis as broker and shared cache, and a real task queue."""
    errors = []
    if not getattr(settings, "REDIS_URL", ""):
        errors.append(
            Error(
                "REDIS_URL is not set.",
                hint="Production needs Redis: it is the Celery broker and the cache shared by every web worker "
                "(sessions, rate limits). Set REDIS_URL=redis://host:6379/0.",
                id="portal.E007",
            )
        )
    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
        errors.append(
            Error(
                "CELERY_TASK_ALWAYS_EAGER is on: tasks would run inside web requests.",
                hint="Unset CELERY_TASK_ALWAYS_EAGER and run a Celery worker.",
                id="portal.E008",
            )
        )
    cache_backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if cache_backend.endswith(("LocMemCache", "DummyCache")):
        errors.append(
            Error(
                f"The default cache is {cache_backend.rsplit('.', 1)[-1]}, one per process.",
                hint="Rate limits and sessions must be shared by every worker: use Redis (REDIS_URL).",
                id="portal.E009",
            )
        )
    return errors


@register(Tags.security, deploy=True)
def check_production_services_for_deploy(app_configs, **kwargs):
    return [] if getattr(settings, "REQUIRE_REDIS", False) else service_errors()


@register(Tags.compatibility)
def check_production_services(app_configs, **kwargs):
    return service_errors() if getattr(settings, "REQUIRE_REDIS", False) else []
