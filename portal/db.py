"""Database helpers for the few hot paths that run hand-written SQL."""

import re

import psycopg
from django.db import connection

_QUALIFIED = re.compile(r'"[^"]+"\.')  # a column of a table the statement has no alias for


def fetch_prepared(sql: str, params: dict) -> list[tuple]:
    """Run a SELECT with named parameters (`%(name)s`) and return its rows.

    On PostgreSQL the statement goes out as a protocol-level prepared statement (psycopg 3's `prepare=True` on a
    server-side binding cursor): the server then skips parsing and, once it settles on a generic plan, planning —
    for a short indexed lookup most of the database's work. Nothing is set in SQL (no PREPARE/EXECUTE), so a
    connection pooler in transaction mode can track the statements (PgBouncer ≥ 1.21 with max_prepared_statements)
    or, where it cannot, the settings switch preparing off (OPTIONS prepare_threshold=None,
    portal/settings/database.py) and the statement simply runs unprepared. psycopg keeps a statement per
    connection and text; it pays off with persistent connections (CONN_MAX_AGE). Elsewhere (SQLite) it simply runs.
    """
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    connection.ensure_connection()
    # Django's own cursors bind on the client (psycopg's ClientCursor), which cannot prepare; wrapping the
    # server-binding cursor as Django does keeps its error translation and query log (assertNumQueries).
    raw = _PreparingCursor(connection.connection)
    with connection.make_debug_cursor(raw) if connection.queries_logged else connection.make_cursor(raw) as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


class _PreparingCursor(psycopg.Cursor):
    """A server-binding cursor that asks for every statement to be prepared; the connection's prepare_threshold
    (None: never) has the last word."""

    def execute(self, query, params=None, **kwargs):
        return super().execute(query, params, **{**kwargs, "prepare": True})


def where_sql(queryset, *, alias: str | dict, params: tuple[str, ...]) -> tuple[str, dict]:
    """The WHERE clause of `queryset` as SQL for a hand-written statement, and the filter's values by name — so the
    statement applies a rule defined once as a queryset filter, on SQLite and PostgreSQL alike.

    `alias` is the SQL alias of the queryset's table, or {model: alias} for its table and the ones its filter joins
    (the statement joins them itself). Each value of the filter becomes, in order, the named parameter of `params`;
    the values returned are the rule's constants, to pass as they are, and whatever placeholders the filter was
    given for the values the caller passes at run time (a date, the time)."""
    query = queryset.query
    sql, values = query.get_compiler(using=queryset.db).compile(query.where)
    aliases = alias if isinstance(alias, dict) else {queryset.model: alias}
    tables = [connection.ops.quote_name(model._meta.db_table) for model in aliases]
    for table, name in zip(tables, aliases.values(), strict=True):
        sql = sql.replace(f"{table}.", f"{name}.")
    if len(values) != len(params) or _QUALIFIED.search(sql) or "%%" in sql:
        raise ValueError(f"cannot use this filter in hand-written SQL: {sql}")
    pieces = sql.split("%s")
    text = pieces[0] + "".join(f"%({name})s{piece}" for name, piece in zip(params, pieces[1:], strict=True))
    named = {}
    for name, value in zip(params, values, strict=True):
        if named.setdefault(name, value) != value:
            raise ValueError(f"parameter {name!r} stands for two values in {sql}")
    return text, named
