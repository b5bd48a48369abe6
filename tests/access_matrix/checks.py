"""One try: a request as one role, with every SQL statement it runs captured to see whether it wrote anything.

Writes are read from the statements the request ran (INSERT/UPDATE/DELETE and the table), which costs no query;
each route's tries also run inside one savepoint, checked against the database's own row counters at the end of
the route (PostgreSQL's per-transaction table statistics, SQLite's change count), so a write that bypassed
Django's cursor would still be caught. The savepoint is rolled back after the route, and at once after a try
that wrote or failed, so tries never see each other's effects.
"""

import json
import re
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

REFUSED = {401, 403, 404, 405}
LOGIN_PATHS = ("/accounts/login/", "/accounts/2fa/authenticate/", "/accounts/reauthenticate/")
# Rows a refused request may write without touching anyone's data: the visitor's own session.
IGNORED_TABLES = {"django_session"}
WRITE = re.compile(
    r'^\s*(?:WITH\b.*?\)\s*)?(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+(?:ONLY\s+)?"?([\w.]+)"?',
    re.IGNORECASE | re.DOTALL,
)


def written_tables(statements) -> list[str]:
    tables = set()
    for query in statements:
        # A statement prepared in the protocol (portal.db.fetch_prepared, reads only) is logged without its text.
        # A server-side cursor's closing (QuerySet.iterator on PostgreSQL) is captured with no SQL: not a write.
        match = WRITE.match(query["sql"] or "")
        if match and match.group(1) not in IGNORED_TABLES:
            tables.add(match.group(1))
    return sorted(tables)


def row_counters():
    """What this transaction has inserted, updated or deleted so far (PostgreSQL: per table; SQLite: a total).
    The counters only grow: a rolled-back savepoint's rows still count."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_xact_user_tables "
                "WHERE n_tup_ins + n_tup_upd + n_tup_del > 0"
            )
            return {row[0]: row[1:] for row in cursor.fetchall() if row[0] not in IGNORED_TABLES}
        cursor.execute("SELECT total_changes()")
        return {"*": cursor.fetchone()[0]}


def counters_moved(before, after) -> list[str]:
    return sorted(t for t in after if after[t] != before.get(t))


@dataclass
class Answer:
    status: int
    location: str = ""
    changed: list[str] = field(default_factory=list)
    error: str = ""
    content: bytes = b""

    def is_login_redirect(self) -> bool:
        return self.status in (301, 302, 303) and self.location.split("?")[0].endswith(LOGIN_PATHS)

    def __str__(self):
        text = str(self.status) + (f" → {self.location}" if self.location else "")
        text += f" {self.error}" if self.error else ""
        return text + (f"; wrote {', '.join(self.changed)}" if self.changed else "")


def send(client: Client, method: str, url: str, is_api: bool, body: dict | None = None) -> Answer:
    """One request (an empty or the rule's minimal body); an exception in the view counts as a 500."""
    body = body or {}
    # The query log keeps the last 9,000 statements: once full, CaptureQueriesContext would capture nothing.
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as statements:
        try:
            if method == "GET":
                response = client.get(url)
            elif is_api or method != "POST":
                response = client.generic(method, url, json.dumps(body), content_type="application/json")
            else:
                response = client.post(url, body)
            content = b"" if response.streaming else response.content
            answer = Answer(response.status_code, response.get("Location", ""), content=content)
        except Exception as exc:
            answer = Answer(500, error=f"{type(exc).__name__}: {exc}"[:200])
    answer.changed = written_tables(statements.captured_queries)
    return answer


class Isolation:
    """A savepoint around one route's tries, renewed after a try that wrote or failed."""

    def __enter__(self):
        self.counters = row_counters()
        self.captured: set[str] = set()
        self.savepoint = transaction.savepoint()
        return self

    def after(self, answer: Answer) -> None:
        self.captured.update(answer.changed)
        if answer.changed or answer.error:
            transaction.savepoint_rollback(self.savepoint)
            self.savepoint = transaction.savepoint()

    def uncaptured_writes(self) -> list[str]:
        """Tables whose row counters moved during the route, although no captured statement wrote them."""
        moved = counters_moved(self.counters, row_counters())
        return [t for t in moved if t not in self.captured and (t != "*" or not self.captured)]

    def __exit__(self, *exc):
        transaction.savepoint_rollback(self.savepoint)


def signed_in_clients(users: dict) -> dict:
    """One test client per name, signed in once before any try (signing in writes the session)."""
    clients = {}
    for name, user in users.items():
        client = Client(raise_request_exception=True, HTTP_ACCEPT_LANGUAGE=settings.LANGUAGE_CODE)
        if user is not None:
            client.force_login(user)
        clients[name] = client
    return clients


class Timer:
    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def elapsed(self) -> float:
        return time.perf_counter() - self.start

    def __exit__(self, *exc):
        self.seconds = self.elapsed()
