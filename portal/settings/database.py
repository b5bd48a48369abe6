"""DATABASES from the environment: the primary, an optional read replica, and the pooler in front of them.

- `DATABASE_URL`: the primary (default: the SQLite file of `make run`). `DATABASE_REPLICA_URL`: a streaming replica
  for the heavy reads (portal/replica.py).
- `DATABASE_POOLER`: "" (connections go straight to PostgreSQL), "session" or "transaction" — what the URLs point
  at when a pooler such as PgBouncer is in between. Transaction pooling hands each transaction whichever server
  connection is free, so nothing may rely on session state: Django's server-side cursors (`.iterator()`) are
  switched off (DISABLE_SERVER_SIDE_CURSORS), and so are psycopg's prepared statements (portal/db.py prepares the
  counter's statements) unless `DATABASE_POOLER_PREPARED_STATEMENTS=True` says the pooler tracks protocol-level
  prepared statements (PgBouncer ≥ 1.21 with `max_prepared_statements` > 0).
- `DATABASE_DIRECT_URL`: the primary without the pooler, for what needs a session of its own: migrations in
  deployment, `pg_dump` and `psql`, and creating and dropping the test databases (portal/db_backend/).
- `DB_CONN_MAX_AGE` (60 s): persistent connections, through a pooler too (they keep the client side warm).
"""

import environ
from django.core.exceptions import ImproperlyConfigured

POOLERS = ("", "session", "transaction")
# Where the pooled PostgreSQL alias gets its test databases made and dropped (see portal/db_backend/).
POOLED_ENGINE = "portal.db_backend.postgresql"
# psycopg's own default: a statement is prepared on its fifth run, or at once when asked (portal/db.py asks).
# Django would set None (never) to keep poolers working; set here per pooler instead.
PREPARE_THRESHOLD = 5


def database_pooler(env: environ.Env) -> str:
    pooler = env("DATABASE_POOLER", default="")
    if pooler not in POOLERS:
        raise ImproperlyConfigured(f"DATABASE_POOLER must be one of {POOLERS}, not {pooler!r}")
    return pooler


def databases(env: environ.Env, *, sqlite_default: str) -> dict:
    pooler = database_pooler(env)
    prepared = pooler != "transaction" or env.bool("DATABASE_POOLER_PREPARED_STATEMENTS", default=False)
    max_age = env.int("DB_CONN_MAX_AGE", default=60)
    direct = env.db("DATABASE_DIRECT_URL") if env("DATABASE_DIRECT_URL", default="") else None

    def configure(database: dict) -> dict:
        database.setdefault("CONN_MAX_AGE", max_age)
        if database["ENGINE"] == "django.db.backends.sqlite3":
            database["OPTIONS"] = {"timeout": 20, **database.get("OPTIONS", {})}
            return database
        options = database.setdefault("OPTIONS", {})
        options.setdefault("prepare_threshold", PREPARE_THRESHOLD if prepared else None)
        if pooler == "transaction":
            database["DISABLE_SERVER_SIDE_CURSORS"] = True
        if pooler:
            database["ENGINE"] = POOLED_ENGINE
        return database

    result = {"default": configure(env.db("DATABASE_URL", default=sqlite_default))}
    result["default"]["ATOMIC_REQUESTS"] = False
    if direct is not None:
        # Read by portal/db_backend/ (test databases) and portal.db.direct_url (pg_dump, psql): host and login only.
        result["default"]["DIRECT"] = {key: direct[key] for key in ("HOST", "PORT", "USER", "PASSWORD")}
    if env("DATABASE_REPLICA_URL", default=""):
        result["replica"] = configure(env.db("DATABASE_REPLICA_URL"))
        # A replica that does not answer is given up on quickly (portal/replica.py then reads the primary).
        result["replica"]["OPTIONS"].setdefault("connect_timeout", 3)
        result["replica"]["TEST"] = {"MIRROR": "default"}
    return result
