"""Benchmark of the job search page: `/jobs/?q=驾驶员` under wrk at 16 connections, against the server that
bench/run.py started (BENCH_BASE_URL), as a ratio to the /healthz/ floor (BENCH_FLOOR_RPS).

Load data first: `python manage.py seed_scale --positions 100000`. Prints
    bench: jobs-search rps=<n> p99_ms=<n> ratio=<r>
"""

import sys
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import base_url, floor_rps, wrk


def main() -> None:
    url = f"{base_url().rstrip('/')}/jobs/?q={quote('驾驶员')}"
    rps, p99_ms, *rest = wrk(url, connections=16, seconds=10)
    floor = floor_rps()
    ratio = rps / floor if floor else float("nan")
    errors = f" non2xx={rest[0]}" if rest and rest[0] else ""
    print(f"bench: jobs-search rps={rps:.0f} p99_ms={p99_ms:.1f} ratio={ratio:.2f}{errors}", flush=True)


if __name__ == "__main__":
    main()
