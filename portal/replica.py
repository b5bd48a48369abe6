"""A read replica for the heavy reads, and read-your-writes for everyone else.

With `DATABASE_REPLICA_URL` set, the database alias "replica" exists and the router below sends a read there only
when the code doing it has said it is a heavy read that may lag a few seconds behind (`heavy_reads()` around it, or
`@reads_from_replica` on a view): the staff dashboard, exports, search ranking and the public lists. Every other read,
and every write, goes to the primary. Without the variable there is only the primary and nothing changes.

Read-your-writes: a request or task that has written reads only the primary from then on, and the client that made a
write keeps reading the primary for `REPLICA_STICKY_SECONDS` afterwards (a cookie, so it holds across gunicorn nodes),
which covers a replica's usual lag. Writes that nobody reads back at once (the audit log, sessions, an export's
progress) are in `REPLICA_UNPINNED_MODELS` and do not pin.

A replica that cannot be reached is left alone for `REPLICA_RETRY_SECONDS` (per process) and its reads go to the
primary: the router checks the connection before routing a read there, and a heavy-read view whose replica failed
mid-way runs again on the primary (such views only read). The dashboard is slower then, not down.
"""

import contextlib
import functools
import time
from collections.abc import Iterator
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

REPLICA = "replica"
PIN_COOKIE = "primary_until"

_heavy: ContextVar[bool] = ContextVar("replica_heavy", default=False)
_wrote: ContextVar[bool] = ContextVar("replica_wrote", default=False)  # this request or task has written
_pinned: ContextVar[bool] = ContextVar("replica_pinned", default=False)  # the client wrote a moment ago


_down_until = 0.0  # time.monotonic() before which this process does not try the replica again


def replica_enabled() -> bool:
    return REPLICA in settings.DATABASES and getattr(settings, "REPLICA_READS_ENABLED", False)


def replica_down() -> None:
    """The replica failed: read the primary for the next `REPLICA_RETRY_SECONDS`."""
    global _down_until
    _down_until = time.monotonic() + settings.REPLICA_RETRY_SECONDS
    with contextlib.suppress(DatabaseError):
        connections[REPLICA].close()


def replica_reachable() -> bool:
    """Whether reads may go to the replica now: not marked down, and connected (connecting if need be)."""
    if time.monotonic() < _down_until:
        return False
    try:
        connections[REPLICA].ensure_connection()
    except DatabaseError:
        replica_down()
        return False
    return True


def _replica_failed() -> bool:
    return REPLICA in connections and connections[REPLICA].errors_occurred


def start(*, pinned: bool = False) -> None:
    """A new request or task: nothing written yet."""
    _wrote.set(False)
    _pinned.set(pinned)
    _heavy.set(False)


def wrote() -> bool:
    return _wrote.get()


@contextlib.contextmanager
def heavy_reads() -> Iterator[None]:
    token = _heavy.set(True)
    try:
        yield
    finally:
        _heavy.reset(token)


def _streamed_in_heavy_reads(chunks):
    with heavy_reads():
        yield from chunks


def reads_from_replica(view):
    """Run a view's reads on the replica (when one is configured and the client has not just written), including
    the rows a streaming response reads after the view has returned."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            with heavy_reads():
                response = view(request, *args, **kwargs)
        except DatabaseError:
            if not (replica_enabled() and _replica_failed()):
                raise
            replica_down()  # the replica went away mid-way: the same reads on the primary
            response = view(request, *args, **kwargs)
        if getattr(response, "streaming", False) and hasattr(response, "streaming_content"):
            response.streaming_content = _streamed_in_heavy_reads(response.streaming_content)
        return response

    return wrapper


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if _heavy.get() and not (_wrote.get() or _pinned.get()) and replica_enabled() and replica_reachable():
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        if model._meta.label not in settings.REPLICA_UNPINNED_MODELS:
            _wrote.set(True)
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, copied

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA  # the replica is a copy of the primary: never migrated on its own


class ReplicaPinMiddleware:
    """Resets the routing state for each request and keeps a client that wrote on the primary for a few seconds."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            until = float(request.COOKIES.get(PIN_COOKIE, 0))
        except ValueError:
            until = 0.0
        start(pinned=until > time.time())
        response = self.get_response(request)
        if wrote() and replica_enabled():
            seconds = settings.REPLICA_STICKY_SECONDS
            response.set_cookie(
                PIN_COOKIE, f"{time.time() + seconds:.0f}", max_age=seconds, httponly=True, samesite="Lax"
            )
        return response
