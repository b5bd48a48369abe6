"""Secrets: production refuses weak, published or shared keys; the PII key rotates (MultiFernet) without losing a
value or a lookup hash; a wrong key is a loud error, never an empty ID number."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from portal import checks, crypto
from portal.models import FamilyMemberProfile, VeteranProfile
from tests.factories import VeteranFactory

ROOT = Path(__file__).resolve().parents[2]
OLD_KEY = "old-" + secrets.token_urlsafe(40)
NEW_KEY = "new-" + secrets.token_urlsafe(40)


def _env_example() -> dict:
    env = {}
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            env[key] = value.strip('"')
    return env


def _check_deploy(tmp_path, **keys) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(_env_example())
    env.pop("PII_ENCRYPTION_KEYS", None)
    env.update(keys)
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


# --- deployment checks (production settings, in a subprocess as a deployment runs them) ----------------------------


def test_check_deploy_refuses_the_env_example_keys(tmp_path):
    result = _check_deploy(tmp_path)
    assert result.returncode != 0
    assert "portal.E001" in result.stderr and "DJANGO_SECRET_KEY" in result.stderr
    assert "portal.E002" in result.stderr and "PII_ENCRYPTION_KEY" in result.stderr
    assert _env_example()["PII_ENCRYPTION_KEY"] not in result.stderr  # the message names the variable, not the value


def test_check_deploy_refuses_a_short_pii_key(tmp_path):
    result = _check_deploy(tmp_path, DJANGO_SECRET_KEY=secrets.token_urlsafe(64), PII_ENCRYPTION_KEY="k")
    assert result.returncode != 0
    assert "portal.E002" in result.stderr and "shorter than 32" in result.stderr
    assert "portal.E001" not in result.stderr


def test_check_deploy_refuses_the_same_key_for_django_and_pii(tmp_path):
    shared = secrets.token_urlsafe(64)
    result = _check_deploy(tmp_path, DJANGO_SECRET_KEY=shared, PII_ENCRYPTION_KEY=shared)
    assert result.returncode != 0
    assert "portal.E005" in result.stderr


def test_check_deploy_passes_with_strong_distinct_keys_including_a_rotation_list(tmp_path):
    result = _check_deploy(
        tmp_path,
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64),
        PII_ENCRYPTION_KEY="",
        PII_ENCRYPTION_KEYS=f"{NEW_KEY},{OLD_KEY}",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_refuses_production_without_redis(tmp_path):
    """Without REDIS_URL Celery would run inside web requests and each worker keep its own rate-limit counters."""
    strong = {"DJANGO_SECRET_KEY": secrets.token_urlsafe(64), "PII_ENCRYPTION_KEY": secrets.token_urlsafe(48)}
    result = _check_deploy(tmp_path, REDIS_URL="", **strong)
    assert result.returncode != 0
    assert "portal.E007" in result.stderr and "REDIS_URL" in result.stderr
    assert "portal.E008" in result.stderr  # and tasks would run eagerly
    # Every command under production settings refuses it too, not only `check --deploy`.
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(_env_example(), REDIS_URL="", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", **strong)
    plain = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert plain.returncode != 0 and "portal.E007" in plain.stderr


def test_production_refuses_weak_keys_even_without_deploy_flag(tmp_path):
    """Every management command (migrate included) runs the check under production settings."""
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(_env_example())
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0 and "portal.E001" in result.stderr


# --- the check's rules (in process) ---------------------------------------------------------------------------


def _ids(settings, **values):
    for name, value in values.items():
        setattr(settings, name, value)
    return {error.id for error in checks.secret_errors()}


def test_every_key_shipped_in_the_repository_is_refused(settings):
    shipped = set()
    for key, value in _env_example().items():
        if key in ("DJANGO_SECRET_KEY", "PII_ENCRYPTION_KEY", "PII_ENCRYPTION_KEYS", "PII_HASH_KEY"):
            shipped.add(value)
    keys = (ROOT / "portal/settings/keys.py").read_text(encoding="utf-8")
    shipped |= set(re.findall(r'env\("(?:DJANGO_SECRET_KEY|PII_ENCRYPTION_KEY)", default="([^"]+)"\)', keys))
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    shipped |= set(re.findall(r"(?:DJANGO_SECRET_KEY|PII_ENCRYPTION_KEY)=(\S+)", dockerfile))
    assert len(shipped) >= 4
    assert shipped <= checks.SHIPPED_SECRETS
    strong = secrets.token_urlsafe(64)
    for value in shipped:
        assert "portal.E001" in _ids(settings, SECRET_KEY=value, PII_ENCRYPTION_KEYS=[strong], PII_HASH_KEY=strong)
        assert "portal.E002" in _ids(settings, SECRET_KEY=strong + "s", PII_ENCRYPTION_KEYS=[value], PII_HASH_KEY="")


def test_weak_old_key_shared_hash_key_and_duplicates_are_refused(settings):
    secret = secrets.token_urlsafe(64)
    assert _ids(settings, SECRET_KEY=secret, PII_ENCRYPTION_KEYS=[NEW_KEY, OLD_KEY], PII_HASH_KEY=OLD_KEY) == set()
    assert "portal.E002" in _ids(settings, PII_ENCRYPTION_KEYS=[NEW_KEY, "short"], PII_HASH_KEY=OLD_KEY)
    assert "portal.E003" in _ids(settings, PII_ENCRYPTION_KEYS=[NEW_KEY, NEW_KEY], PII_HASH_KEY=OLD_KEY)
    assert "portal.E004" in _ids(settings, PII_ENCRYPTION_KEYS=[NEW_KEY], PII_HASH_KEY="x" * 60)
    assert "portal.E005" in _ids(settings, PII_ENCRYPTION_KEYS=[NEW_KEY], PII_HASH_KEY=secret)
    assert "portal.E001" in _ids(settings, SECRET_KEY="ab" * 40, PII_HASH_KEY=OLD_KEY)  # too few distinct characters


# --- rotation -------------------------------------------------------------------------------------------------


def _raw(profile) -> str:
    return VeteranProfile.objects.values_list("id_number_encrypted", flat=True).get(pk=profile.pk)


@pytest.fixture
def old_key_profile(settings, db):
    settings.PII_ENCRYPTION_KEYS = [OLD_KEY]
    settings.PII_HASH_KEY = OLD_KEY
    user = VeteranFactory()
    return VeteranProfile.objects.get(pk=user.veteran_profile.pk)


def test_old_key_still_decrypts_after_a_new_key_is_put_first(settings, old_key_profile):
    number = old_key_profile.get_id_number()
    settings.PII_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]
    fresh = VeteranProfile.objects.get(pk=old_key_profile.pk)
    assert fresh.get_id_number() == number
    assert not crypto.is_current(fresh.id_number_encrypted)
    assert crypto.is_current(crypto.encrypt(number))  # new values use the new key


def test_rotate_command_re_encrypts_with_the_new_key_and_keeps_the_lookup_hash(settings, old_key_profile):
    number = old_key_profile.get_id_number()
    raw_before, hash_before = _raw(old_key_profile), old_key_profile.id_number_hash
    settings.PII_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]
    call_command("rotate_pii_key", batch_size=1, stdout=open(os.devnull, "w"))  # noqa: SIM115
    raw_after = _raw(old_key_profile)
    assert raw_after != raw_before
    settings.PII_ENCRYPTION_KEYS = [NEW_KEY]  # the old key is gone: the value must still read back
    fresh = VeteranProfile.objects.get(pk=old_key_profile.pk)
    assert fresh.get_id_number() == number
    assert fresh.id_number_hash == hash_before == crypto.keyed_hash(number)
    assert VeteranProfile.objects.with_id_number(number).get() == fresh
    call_command("rotate_pii_key", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert _raw(old_key_profile) == raw_after  # already current: a rerun rewrites nothing


def test_a_wrong_key_raises_instead_of_showing_an_empty_id(settings, old_key_profile):
    settings.PII_ENCRYPTION_KEYS = [NEW_KEY]
    fresh = VeteranProfile.objects.get(pk=old_key_profile.pk)
    with pytest.raises(crypto.DecryptionError):
        fresh.get_id_number()
    with pytest.raises(crypto.DecryptionError):
        fresh.masked_id_number
    with pytest.raises(CommandError, match=r"(id_number|phone)_encrypted"):
        call_command("rotate_pii_key", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert crypto.decrypt("") == ""  # no value is still no value


def test_rotation_finds_every_encrypted_field_by_introspection():
    fields = {(f.model, f.name) for f in crypto.encrypted_fields()}
    assert (VeteranProfile, "id_number_encrypted") in fields
    assert (FamilyMemberProfile, "id_number_encrypted") in fields
    assert (VeteranProfile, "phone_encrypted") in fields  # the phone columns, by their *_encrypted name


def test_check_database_refuses_keys_that_do_not_open_the_stored_values(settings, old_key_profile):
    assert checks.check_stored_values_decrypt(None, databases=["default"]) == []
    settings.PII_ENCRYPTION_KEYS = [NEW_KEY, OLD_KEY]
    assert checks.check_stored_values_decrypt(None, databases=["default"]) == []
    settings.PII_ENCRYPTION_KEYS = [NEW_KEY]
    errors = checks.check_stored_values_decrypt(None, databases=["default"])
    # one error per encrypted column holding values the key cannot open (the ID number and the phone)
    assert {e.id for e in errors} == {"portal.E006"}
    assert any("VeteranProfile.id_number_encrypted" in e.msg for e in errors)
    assert any("VeteranProfile.phone_encrypted" in e.msg for e in errors)
    assert checks.check_stored_values_decrypt(None) == []  # only with --database
