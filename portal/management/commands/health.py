"""`manage.py health`: is this node able to serve? Database, cache, broker and file storage, each tried for real.

Container health checks call it (docker-compose.yml): an HTTP probe of /healthz/ from inside the container would
need the container's address in ALLOWED_HOSTS and would follow the HTTPS redirect. /healthz/ stays the plain,
dependency-free floor the benchmarks compare against. Exits 1 when any check fails, naming it.
"""

import time
import uuid

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connections


def check_database() -> None:
    for alias in connections:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")


def check_cache() -> None:
    key, value = f"health:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, 30)
    if cache.get(key) != value:
        raise RuntimeError("a value written to the cache did not read back")
    cache.delete(key)


def check_broker() -> None:
    from django.conf import settings

    if settings.CELERY_TASK_ALWAYS_EAGER:
        return  # no broker: tasks run in-process (development only; production refuses this, portal.checks)
    from portal.celery import app

    with app.connection_for_write() as connection:
        connection.ensure_connection(max_retries=1, timeout=5)


def check_storage() -> None:
    name = default_storage.save(f"health/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        with default_storage.open(name) as handle:
            if handle.read() != b"ok":
                raise RuntimeError("a file written to storage did not read back")
    finally:
        default_storage.delete(name)


CHECKS = {"database": check_database, "cache": check_cache, "broker": check_broker, "storage": check_storage}


class Command(BaseCommand):
    help = "Check the database, cache, broker and file storage this node uses; exit 1 if any fails."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--skip", action="append", default=[], choices=sorted(CHECKS), help="leave a check out")

    def handle(self, *args, **options):
        failed = []
        for name, check in CHECKS.items():
            if name in options["skip"]:
                continue
            started = time.monotonic()
            try:
                check()
            except Exception as error:  # a health check reports every failure, whatever its kind
                failed.append(name)
                self.stderr.write(f"{name}: FAIL {type(error).__name__}: {error}")
            else:
                self.stdout.write(f"{name}: ok ({(time.monotonic() - started) * 1000:.0f} ms)")
        if failed:
            raise CommandError(f"unhealthy: {', '.join(failed)}")
