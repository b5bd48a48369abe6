"""Running one try: a request as one role, with a write detector around it, inside a savepoint rolled back after."""

import json
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

REFUSED = {401, 403, 404, 405}
LOGIN_PATHS = ("/accounts/login/", "/accounts/2fa/authenticate/", "/accounts/reauthenticate/")
# Rows a refused request may write without touching anyone's data: the visitor's own session.
IGNORED_TABLES = ("django_session",)


def writes():
    """What this transaction has inserted, updated or deleted so far (PostgreSQL: per table; SQLite: a total)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_xact_user_tables "
                "WHERE n_tup_ins + n_tup_upd + n_tup_del > 0"
            )
            return {row[0]: row[1:] for row in cursor.fetchall() if row[0] not in IGNORED_TABLES}
        cursor.execute("SELECT total_changes()")
        return {"*": cursor.fetchone()[0]}


def changed_tables(before, after) -> list[str]:
    return sorted(t for t in after if after[t] != before.get(t))


@dataclass
class Answer:
    status: int
    location: str = ""
    changed: list[str] = field(default_factory=list)
    error: str = ""

    def is_login_redirect(self) -> bool:
        return self.status in (301, 302, 303) and self.location.split("?")[0].endswith(LOGIN_PATHS)

    def __str__(self):
        text = (
            str(self.status)
            + (f" → {self.location}" if self.location else "")
            + (f" {self.error}" if self.error else "")
        )
        return text + (f"; wrote {', '.join(self.changed)}" if self.changed else "")


class WriteCounter:
    """The counters only grow (a rolled-back savepoint's rows still count), so one reading after a try is the
    baseline of the next: one query per try instead of two."""

    def __init__(self):
        self.last = None

    def since_last(self):
        before, self.last = self.last, writes()
        return changed_tables(before, self.last) if before is not None else []

    def reset(self):
        self.last = writes()


COUNTER = WriteCounter()


def send(client: Client, method: str, url: str, is_api: bool, body: dict | None = None) -> Answer:
    """One request (an empty or the rule's minimal body), undone afterwards; an exception in the view is a 500."""
    body = body or {}
    with transaction.atomic():
        if COUNTER.last is None:
            COUNTER.reset()
        try:
            if method == "GET":
                response = client.get(url)
            elif is_api or method != "POST":
                response = client.generic(method, url, json.dumps(body), content_type="application/json")
            else:
                response = client.post(url, body)
            answer = Answer(response.status_code, response.get("Location", ""))
        except Exception as exc:
            answer = Answer(500, error=f"{type(exc).__name__}: {exc}"[:200])
        if not answer.error:
            answer.changed = COUNTER.since_last()
        else:
            COUNTER.last = None  # the transaction may be broken: read the counters again after the rollback
        transaction.set_rollback(True)
    return answer


class Clients:
    """One signed-in test client per user, made once (signing in writes the session, outside any try)."""

    def __init__(self):
        self._clients = {}

    def for_user(self, user) -> Client:
        key = user.pk if user else None
        if key not in self._clients:
            client = Client(raise_request_exception=True, HTTP_ACCEPT_LANGUAGE=settings.LANGUAGE_CODE)
            if user is not None:
                client.force_login(user)
                COUNTER.last = None  # signing in wrote the session and last_login
            self._clients[key] = client
        return self._clients[key]


def url_for(route, kwargs) -> str:
    return reverse(route.name, kwargs=kwargs)


class Timer:
    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start
