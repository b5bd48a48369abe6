"""Where one page's time goes: `python bench/profile_page.py [path] [--anonymous] [--n 200] [--top 40] [--cpu-only]`.

Renders the page N times through Django's test client (production settings, the configured database and cache,
signed in as bench/bench_jobs.py's veteran unless --anonymous), after two warm-up requests: first without a
profiler, timing the Django process's CPU (`time.process_time`, which the other sessions on a shared machine do not
inflate as they do wall time), then under cProfile, printing the functions by cumulative time, the time and the
queries per request. `--cpu-only` skips the profile. Use it beside `make bench`: the bench says how fast, this says
where to look.
"""

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-secret-key-" + "x" * 40)
os.environ.setdefault("PII_ENCRYPTION_KEY", "dev-only-pii-key-do-not-use-in-production")
os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "False"
os.environ["DJANGO_SECURE_HSTS_SECONDS"] = "0"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("path", nargs="?", default="/jobs/?q=%E9%A9%BE%E9%A9%B6%E5%91%98")
    parser.add_argument("--anonymous", action="store_true")
    parser.add_argument("--user", default="", help="sign in as this existing user (e.g. scale-vet-0) instead")
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--callers", default="", help="also print the callers of functions matching this regex")
    parser.add_argument("--cpu-clock", action="store_true", help="profile CPU time instead of wall time")
    parser.add_argument("--cpu-only", action="store_true", help="only the CPU time and queries per request")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    from django.db import connections
    from django.test import Client

    from bench.bench_jobs import _give_profile
    from portal.models import User

    client = Client()
    if args.user:
        client.force_login(User.objects.get(username=args.user), backend="django.contrib.auth.backends.ModelBackend")
    elif not args.anonymous:
        user, _created = User.objects.get_or_create(username="bench-search-veteran", defaults={"password": "!"})
        _give_profile(user)
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    for _ in range(2):
        response = client.get(args.path)
        assert response.status_code == 200, response.status_code
    queries = []

    def record(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connections["default"].execute_wrapper(record):
        client.get(args.path)
    cpu_started, wall_started = time.process_time(), time.perf_counter()
    for _ in range(args.n):
        client.get(args.path)
    cpu_ms = (time.process_time() - cpu_started) / args.n * 1000
    wall_ms = (time.perf_counter() - wall_started) / args.n * 1000
    summary = f"cpu: {args.path} {cpu_ms:.2f} ms CPU, {wall_ms:.2f} ms wall per request, {len(queries)} queries"
    if args.cpu_only:
        print(summary)
        for sql in queries:
            print("   ", sql[:160])
        return 0
    profiler = cProfile.Profile(time.process_time) if args.cpu_clock else cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for _ in range(args.n):
        client.get(args.path)
    profiler.disable()
    elapsed = (time.perf_counter() - started) / args.n * 1000
    stats = pstats.Stats(profiler).sort_stats(args.sort)
    stats.print_stats(args.top)
    if args.callers:
        stats.print_callers(args.callers)
    print(f"profile: {args.path} {elapsed:.2f} ms per request (under cProfile), {len(queries)} queries:")
    for sql in queries:
        print("   ", sql[:160])
    print(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
