"""Benchmark of the job search page, `/jobs/?q=驾驶员`, and of one position's page, under wrk at 16 connections,
against the server that bench/run.py started (BENCH_BASE_URL), as a ratio to the /healthz/ floor (BENCH_FLOOR_RPS).

Load data first: `python manage.py seed_scale --positions 100000`. Prints the time of one cold request (ranking
the query, rendering the page), then four lines under load:
    bench: jobs-search rps=<n> p99_ms=<n> ratio=<r>              anonymous visitors (the issue's target)
    bench: jobs-search-signed-in rps=<n> p99_ms=<n> ratio=<r>    a signed-in veteran (no whole-page cache)
    bench: jobs-position rps=<n> p99_ms=<n> ratio=<r>            a position's page, anonymous
    bench: jobs-position-signed-in rps=<n> p99_ms=<n> ratio=<r>  the same page signed in (the apply form)

Anonymous result pages are cached whole for a minute (portal.cache.cache_shared_page), so the first line
measures mostly cache hits after the first requests computed the ranking; the second shows the rendering path that
signed-in users get on every request.
"""

import os
import sys
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-secret-key-" + "x" * 40)
os.environ.setdefault("PII_ENCRYPTION_KEY", "dev-only-pii-key-do-not-use-in-production")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'db.sqlite3'}")

from bench.common import base_url, report, wrk  # noqa: E402

SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
PATH = f"/jobs/?q={quote('驾驶员')}"


def signed_in_cookie() -> str:
    """A session cookie of a bench veteran, made through Django's own login (same session engine as the server)."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import login
    from django.contrib.sessions.backends.base import SessionBase
    from django.test import RequestFactory

    from portal.models import User

    user, _created = User.objects.get_or_create(username="bench-search-veteran", defaults={"password": "!"})
    _give_profile(user)
    request = RequestFactory().get("/")
    engine = __import__(settings.SESSION_ENGINE, fromlist=["SessionStore"])
    request.session: SessionBase = engine.SessionStore()
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session.save()
    return f"{settings.SESSION_COOKIE_NAME}={request.session.session_key}"


def _give_profile(user) -> None:
    """A veteran profile, so the signed-in pages are a veteran's (may apply, sharing consent on the apply form)."""
    from portal.models import Region, VeteranProfile

    region = Region.objects.filter(level=Region.Level.DISTRICT).first()
    VeteranProfile.objects.get_or_create(
        user=user, defaults={"real_name": "压测退役军人", "region": region, "status": VeteranProfile.Status.VERIFIED}
    )


def position_path() -> str:
    """A published position's page (the most recently published, as search results lead to)."""
    from jobs.models import Position

    position = Position.objects.published().order_by("-published_at").first()
    if position is None:
        raise SystemExit("bench: no published position: run seed_scale --positions first")
    return f"/jobs/{position.pk}/"


def check_signed_in(url: str, cookie: str) -> None:
    import urllib.request

    with urllib.request.urlopen(urllib.request.Request(url, headers={"Cookie": cookie}), timeout=30) as response:
        if "bench-search-veteran" not in response.read().decode():
            raise SystemExit("bench: the session cookie did not sign in; the second figure would be anonymous")


def first_request_ms(url: str) -> float:
    """One request before the load: it ranks the query and fills the caches, as steady traffic keeps them filled.
    Its time is printed on its own line, so the cold cost is reported, not hidden in (or left out of) the p99."""
    import time
    import urllib.request

    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:
        response.read()
    return (time.perf_counter() - started) * 1000


def main() -> int:
    url = base_url().rstrip("/") + PATH
    print(f"bench: jobs-search-first-request ms={first_request_ms(url):.0f}", flush=True)
    rps, p99_ms, non2xx = wrk(url, connections=16, seconds=SECONDS)
    report("jobs-search", rps, p99_ms, extra=f"non_2xx={non2xx}" if non2xx else "")
    cookie = signed_in_cookie()
    check_signed_in(url, cookie)
    lua = 'wrk.headers["Cookie"] = "%s"\n' % cookie
    rps, p99_ms, non2xx = wrk(url, connections=16, seconds=SECONDS, lua=lua)
    report("jobs-search-signed-in", rps, p99_ms, extra=f"non_2xx={non2xx}" if non2xx else "")
    failed = non2xx
    position_url = base_url().rstrip("/") + position_path()
    first_request_ms(position_url)
    rps, p99_ms, non2xx = wrk(position_url, connections=16, seconds=SECONDS)
    report("jobs-position", rps, p99_ms, extra=f"non_2xx={non2xx}" if non2xx else "")
    check_signed_in(position_url, cookie)
    rps, p99_ms, signed_in_non2xx = wrk(position_url, connections=16, seconds=SECONDS, lua=lua)
    report("jobs-position-signed-in", rps, p99_ms, extra=f"non_2xx={signed_in_non2xx}" if signed_in_non2xx else "")
    return 1 if failed or non2xx or signed_in_non2xx else 0


if __name__ == "__main__":
    sys.exit(main())
