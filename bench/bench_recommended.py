"""Benchmark of matching pages over `seed_scale` data, under wrk at 16 connections against the server bench/run.py
started (BENCH_BASE_URL), as ratios to the /healthz/ floor (BENCH_FLOOR_RPS):
    bench: recommended rps=<n> p99_ms=<n> ratio=<r>            /jobs/recommended/, a signed-in scale veteran
    bench: position-candidates rps=<n> p99_ms=<n> ratio=<r>    an employer's candidates page for a driver post

Load data first: `python manage.py seed_scale --positions 100000 --veterans 200000` (or smaller). The veteran is
scale-vet-0 (a verified driver in Fuzhou); the employer is a bench account made a member of the scale employer that
posted a driver position in Fuzhou (matching about a quarter of the veterans). Each page is requested once before
the load, its time printed on its own line (the first read computes and stores a list never computed before).
"""

import os
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-secret-key-" + "x" * 40)
os.environ.setdefault("PII_ENCRYPTION_KEY", "dev-only-pii-key-do-not-use-in-production")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'db.sqlite3'}")

from bench.common import base_url, report, wrk  # noqa: E402

SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))


def session_cookie(user) -> str:
    """A session cookie for `user`, made through Django's own login (same session engine as the server)."""
    from django.conf import settings
    from django.contrib.auth import login
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.session = __import__(settings.SESSION_ENGINE, fromlist=["SessionStore"]).SessionStore()
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session.save()
    return f"{settings.SESSION_COOKIE_NAME}={request.session.session_key}"


def accounts():
    """(veteran user, employer user, driver position) from the scale data."""
    from jobs.models import Position
    from portal.models import OrganizationMembership, User

    veteran = User.objects.filter(username="scale-vet-0").first()
    position = (
        Position.objects.published()
        .filter(category__code="0101", region__code__startswith="3501", organization__name__startswith="规模测试")
        .order_by("pk")
        .first()
    )
    if veteran is None or position is None:
        raise SystemExit("bench: run `manage.py seed_scale --positions N --veterans N` first")
    employer, _created = User.objects.get_or_create(username="bench-match-employer", defaults={"password": "!"})
    OrganizationMembership.objects.get_or_create(organization=position.organization, user=employer)
    return veteran, employer, position


def first_request_ms(url: str, cookie: str, expect: str) -> float:
    started = time.perf_counter()
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    with urllib.request.urlopen(request, timeout=300) as response:
        body = response.read().decode()
    if expect not in body:
        raise SystemExit(f"bench: {url} did not show {expect!r}: not signed in, or no results")
    return (time.perf_counter() - started) * 1000


def measure(name: str, url: str, cookie: str, expect: str) -> int:
    print(f"bench: {name}-first-request ms={first_request_ms(url, cookie, expect):.0f}", flush=True)
    lua = 'wrk.headers["Cookie"] = "%s"\n' % cookie
    rps, p99_ms, non2xx = wrk(url, connections=16, seconds=SECONDS, lua=lua)
    report(name, rps, p99_ms, extra=f"non_2xx={non2xx}" if non2xx else "")
    return non2xx


def main() -> int:
    import django

    django.setup()
    veteran, employer, position = accounts()
    base = base_url().rstrip("/")
    failed = measure("recommended", base + "/jobs/recommended/", session_cookie(veteran), "badge text-bg-success")
    url = f"{base}/jobs/recommended/positions/{position.pk}/candidates/"
    failed += measure("position-candidates", url, session_cookie(employer), "badge text-bg-success")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
