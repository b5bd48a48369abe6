"""Helpers for bench scripts: run wrk against the bench server and print figures as ratios to the floor.

A bench script runs with BENCH_BASE_URL (the gunicorn server bench/run.py started) and BENCH_FLOOR_RPS (requests/s
of /healthz/ measured in the same run) in its environment, and prints one line per figure:
    bench: <name> rps=<n> p99_ms=<n> ratio=<r>
"""

import os
import re
import subprocess
import tempfile

UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def base_url() -> str:
    return os.environ.get("BENCH_BASE_URL", "http://127.0.0.1:8765")


def floor_rps() -> float:
    return float(os.environ.get("BENCH_FLOOR_RPS", "0") or 0)


def wrk(url: str, *, connections: int = 16, seconds: int = 10, threads: int = 2, lua: str | None = None):
    """Run wrk with latency stats; returns (requests_per_second, p99_ms, non_2xx_count)."""
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "5s"]
    with tempfile.TemporaryDirectory() as tmp:
        if lua:
            script = os.path.join(tmp, "script.lua")
            with open(script, "w") as handle:
                handle.write(lua)
            cmd += ["-s", script]
        out = subprocess.run([*cmd, url], capture_output=True, text=True, check=True, timeout=seconds + 60).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s|m)\b", out)
    p99_ms = float(p99.group(1)) * UNIT_MS[p99.group(2)] if p99 else float("nan")
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return rps, p99_ms, int(non2xx.group(1)) if non2xx else 0


def report(name: str, rps: float, p99_ms: float, extra: str = "") -> None:
    floor = floor_rps()
    ratio = rps / floor if floor else float("nan")
    line = f"bench: {name} rps={rps:.0f} p99_ms={p99_ms:.1f} ratio={ratio:.2f}"
    print(line + (f" {extra}" if extra else ""), flush=True)
