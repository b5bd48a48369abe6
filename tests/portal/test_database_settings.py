"""DATABASES from the environment (portal/settings/database.py), and — where the suite runs through PgBouncer in
transaction mode, as CI does (.ci/run) — that its connections really go through the pooler."""

import environ
import psycopg
import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from portal.settings.database import POOLED_ENGINE, PREPARE_THRESHOLD, databases

SQLITE = "sqlite:////tmp/unused.sqlite3"
PRIMARY = "postgres://app:secret@pool.internal:6432/portal"


def _databases(monkeypatch, **variables) -> dict:
    for name in ("DATABASE_POOLER", "DATABASE_POOLER_PREPARED_STATEMENTS", "DATABASE_DIRECT_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("DATABASE_REPLICA_URL", raising=False)
    monkeypatch.setenv("DATABASE_URL", PRIMARY)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    return databases(environ.Env(), sqlite_default=SQLITE)


def test_straight_to_postgresql_prepares_statements_and_keeps_server_side_cursors(monkeypatch):
    default = _databases(monkeypatch)["default"]
    assert default["ENGINE"] == "django.db.backends.postgresql"
    assert default["OPTIONS"]["prepare_threshold"] == PREPARE_THRESHOLD
    assert not default.get("DISABLE_SERVER_SIDE_CURSORS") and default["CONN_MAX_AGE"] == 60
    assert "DIRECT" not in default


def test_transaction_pooling_keeps_no_session_state(monkeypatch):
    found = _databases(
        monkeypatch,
        DATABASE_POOLER="transaction",
        DATABASE_DIRECT_URL="postgres://app:secret@db.internal:5432/portal",
        DATABASE_REPLICA_URL="postgres://app:secret@pool.internal:6432/portal_replica",
    )
    for alias in ("default", "replica"):
        assert found[alias]["DISABLE_SERVER_SIDE_CURSORS"] is True, alias
        assert found[alias]["OPTIONS"]["prepare_threshold"] is None, alias  # PgBouncer < 1.21 cannot carry them
        assert found[alias]["ENGINE"] == POOLED_ENGINE, alias
    assert found["replica"]["TEST"] == {"MIRROR": "default"}
    assert found["default"]["DIRECT"] == {"HOST": "db.internal", "PORT": 5432, "USER": "app", "PASSWORD": "secret"}


def test_a_pooler_that_tracks_prepared_statements_gets_them(monkeypatch):
    default = _databases(monkeypatch, DATABASE_POOLER="transaction", DATABASE_POOLER_PREPARED_STATEMENTS="True")
    assert default["default"]["OPTIONS"]["prepare_threshold"] == PREPARE_THRESHOLD
    assert default["default"]["DISABLE_SERVER_SIDE_CURSORS"] is True


def test_session_pooling_keeps_session_features(monkeypatch):
    default = _databases(monkeypatch, DATABASE_POOLER="session")["default"]
    assert default["OPTIONS"]["prepare_threshold"] == PREPARE_THRESHOLD
    assert not default.get("DISABLE_SERVER_SIDE_CURSORS") and default["ENGINE"] == POOLED_ENGINE


def test_an_unknown_pooler_is_refused(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_POOLER"):
        _databases(monkeypatch, DATABASE_POOLER="pgbouncer")


def test_sqlite_stays_as_it_was(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("DATABASE_REPLICA_URL", raising=False)
    default = databases(environ.Env(), sqlite_default=SQLITE)["default"]
    assert default["ENGINE"] == "django.db.backends.sqlite3" and default["OPTIONS"] == {"timeout": 20}


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_suite_goes_through_pgbouncer_in_transaction_mode_when_told_so():
    if settings.DATABASE_POOLER != "transaction":
        pytest.skip("straight to PostgreSQL (DATABASE_POOLER is not 'transaction'; .ci/run sets it)")
    with connection.cursor() as cursor:
        cursor.execute("SELECT inet_server_port(), current_database()")
        server_port, database = cursor.fetchone()
    pool = connection.settings_dict
    assert int(pool["PORT"]) != server_port  # the server answers on its own port, not the one dialled
    assert int(pool["DIRECT"]["PORT"]) == server_port
    # PgBouncer's admin console (auth_type = any in .ci/run lets any user in) on the port the suite dials.
    console = psycopg.connect(
        host=pool["HOST"], port=pool["PORT"], user=pool["USER"], dbname="pgbouncer", cursor_factory=psycopg.ClientCursor
    )  # the console speaks only the simple query protocol
    console.autocommit = True
    try:
        config = {row[0]: row[1] for row in console.execute("SHOW CONFIG").fetchall()}
        clients = [row for row in console.execute("SHOW CLIENTS").fetchall() if database in row]
    finally:
        console.close()
    assert config["pool_mode"] == "transaction"
    assert clients  # this very connection, among others
