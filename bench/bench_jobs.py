"""Benchmark of the job search page: `/jobs/?q=驾驶员` under wrk at 16 connections, against the server that
bench/run.py started (BENCH_BASE_URL), as a ratio to the /healthz/ floor (BENCH_FLOOR_RPS).

Load data first: `python manage.py seed_scale --positions 100000`. Prints
    bench: jobs-search rps=<n> p99_ms=<n> ratio=<r>
"""

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

try:
    from bench.common import base_url, floor_rps, wrk
except ImportError:  # the lead's helper is not in this tree yet: same behaviour, inlined
    UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}

    def base_url() -> str:
        return os.environ.get("BENCH_BASE_URL", "http://127.0.0.1:8765")

    def floor_rps() -> float:
        return float(os.environ.get("BENCH_FLOOR_RPS", "0") or 0)

    def wrk(url: str, *, connections: int = 16, seconds: int = 10, threads: int = 2):
        cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "5s", url]
        out = subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=seconds + 60).stdout
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
        p99 = re.search(r"99%\s+([\d.]+)(us|ms|s|m)\b", out)
        non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
        p99_ms = float(p99.group(1)) * UNIT_MS[p99.group(2)] if p99 else float("nan")
        return rps, p99_ms, int(non2xx.group(1)) if non2xx else 0


def main() -> None:
    url = f"{base_url().rstrip('/')}/jobs/?q={quote('驾驶员')}"
    rps, p99_ms, *rest = wrk(url, connections=16, seconds=10)
    floor = floor_rps()
    ratio = rps / floor if floor else float("nan")
    errors = f" non2xx={rest[0]}" if rest and rest[0] else ""
    print(f"bench: jobs-search rps={rps:.0f} p99_ms={p99_ms:.1f} ratio={ratio:.2f}{errors}", flush=True)


if __name__ == "__main__":
    main()
