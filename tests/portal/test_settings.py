"""Deployment settings: production passes Django's deploy checks with the documented variables."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _env_example() -> dict:
    env = {}
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            env[key] = value.strip('"')
    return env


def test_production_settings_pass_check_deploy(tmp_path):
    # .env.example's keys are published placeholders (refused, tests/portal/test_secrets.py): use fresh ones.
    env = {
        **os.environ,
        **_env_example(),
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "PII_ENCRYPTION_KEY": secrets.token_urlsafe(48),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    env.pop("DJANGO_DEBUG", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests for Playwright; never in production
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_secrets(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SECRET_KEY", "PII_ENCRYPTION_KEY"}}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "DJANGO_ALLOWED_HOSTS": "x",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
