"""The production stack as files: the compose topology scales and checks its health; backups restore.

Docker is not available where the suite runs, so the compose file is read as data and held to what `up --scale`
needs; the backup and restore scripts the compose `backup` service runs are run here for real against PostgreSQL.
"""

import subprocess
import uuid
from pathlib import Path

import pytest
import yaml
from django.db import connection

from portal.models import Organization
from tests.factories import OrganizationFactory, VeteranFactory

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "portal" / "deploy"


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))["services"]


def test_only_the_proxy_publishes_a_port_so_web_scales(compose):
    published = {name for name, service in compose.items() if service.get("ports")}
    assert published == {"proxy"}
    assert "expose" in compose["web"]
    nginx = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    assert "server web:8000" in nginx and "proxy_next_upstream error timeout" in nginx
    assert "X-Forwarded-For $proxy_add_x_forwarded_for" in nginx
    assert compose["web"]["environment"]["ALLAUTH_TRUSTED_PROXY_COUNT"] == "1"  # exactly the one proxy


def test_health_checks_use_the_health_command(compose):
    assert compose["web"]["healthcheck"]["test"] == ["CMD", "python", "manage.py", "health"]
    assert compose["worker"]["healthcheck"]["test"][:4] == ["CMD", "python", "manage.py", "health"]
    assert compose["proxy"]["depends_on"]["web"]["condition"] == "service_healthy"


def test_the_app_goes_through_pgbouncer_and_keeps_files_in_the_bucket(compose):
    env = compose["web"]["environment"]
    assert "@pgbouncer:6432/" in env["DATABASE_URL"]
    assert compose["pgbouncer"]["environment"]["POOL_MODE"] == "transaction"
    assert "@postgres:5432/" in compose["migrate"]["environment"]["DATABASE_URL"]  # migrations skip the pool
    assert env["S3_BUCKET"] and env["S3_ENDPOINT_URL"].startswith("${S3_ENDPOINT_URL:-http://s3:")
    assert "anonymous set none" in compose["s3-bucket"]["entrypoint"]


def test_the_broker_survives_a_restart_and_secrets_stay_out_of_the_image(compose):
    assert "--appendonly yes" in compose["redis"]["command"]
    assert any(str(v).startswith("redisdata:") for v in compose["redis"]["volumes"])
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert ".env" in ignored
    assert "backup.sh" in " ".join(compose["backup"]["entrypoint"])


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_an_empty_database(tmp_path):
    VeteranFactory.create_batch(3)
    OrganizationFactory(name="备份测试企业")
    # pg_dump, pg_restore and psql need sessions of their own: past the pooler when there is one (.ci/run).
    settings = {**connection.settings_dict, **connection.settings_dict.get("DIRECT", {})}
    base = f"postgres://{settings['USER'] or 'postgres'}@{settings['HOST']}:{settings['PORT']}"
    dump = subprocess.run(
        [str(DEPLOY / "backup.sh"), f"{base}/{settings['NAME']}", str(tmp_path), "14"],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    ).stdout.strip()
    assert Path(dump).exists() and not list(tmp_path.glob("*.partial"))

    target = f"restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{target}"')
    try:
        subprocess.run([str(DEPLOY / "restore.sh"), dump, f"{base}/{target}"], check=True, timeout=300)
        counted = subprocess.run(
            [
                "psql",
                f"{base}/{target}",
                "-Atc",
                "SELECT (SELECT count(*) FROM portal_user),"
                " (SELECT name FROM portal_organization ORDER BY id DESC LIMIT 1)",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        from portal.models import User

        assert counted == f"{User.objects.count()}|{Organization.objects.order_by('-id').first().name}"
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{target}"')
