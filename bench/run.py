"""`make bench`: start gunicorn on the configured database, measure the floor (/healthz/), then run every
bench/bench_*.py with BENCH_BASE_URL and BENCH_FLOOR_RPS set. Each prints `bench: …` lines.

Use PostgreSQL for meaningful figures: DATABASE_URL=postgres://… make bench (after seed_scale).
BENCH_ONLY=jobs,benefits runs only those scripts (bench/bench_<name>.py).
"""

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import report, wrk  # noqa: E402

PORT = int(os.environ.get("BENCH_PORT", "8765"))
BASE = f"http://127.0.0.1:{PORT}"


def start_server() -> subprocess.Popen:
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")
    env.setdefault("DJANGO_SECRET_KEY", "bench-secret-key-" + "x" * 40)
    env.setdefault("PII_ENCRYPTION_KEY", "dev-only-pii-key-do-not-use-in-production")
    env.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
    env.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'db.sqlite3'}")
    env["DJANGO_SECURE_SSL_REDIRECT"] = "False"
    env["DJANGO_SECURE_HSTS_SECONDS"] = "0"
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    workers = os.environ.get("BENCH_WORKERS", "4")
    proc = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "portal.wsgi",
            "-b",
            f"127.0.0.1:{PORT}",
            "-w",
            workers,
            "-c",
            str(ROOT / "portal/deploy/gunicorn.conf.py"),  # preloaded, as in production
            "--access-logfile",
            "/dev/null",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(60):
        try:
            urllib.request.urlopen(BASE + "/healthz/", timeout=1)
            return proc
        except OSError:
            time.sleep(0.5)
    proc.terminate()
    raise SystemExit("bench: the server did not start")


def _kib(path: Path, field: str) -> int:
    for line in path.read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def report_memory(master_pid: int) -> None:
    """The gunicorn workers' memory after every bench ran: resident (RSS, shared pages counted in full in each) and
    proportional (PSS, shared pages divided among the processes that share them)."""
    workers = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            if parent == master_pid:
                workers.append((_kib(entry / "status", "VmRSS"), _kib(entry / "smaps_rollup", "Pss")))
        except (OSError, ValueError, IndexError):
            continue
    if workers:
        rss, pss = max(w[0] for w in workers) / 1024, max(w[1] for w in workers) / 1024
        print(f"bench: memory workers={len(workers)} rss_mb_max={rss:.0f} pss_mb_max={pss:.0f}")


def main() -> int:
    server = start_server()
    try:
        # Discarded: the first worker answers before the others have finished booting (each imports the project
        # on one of the same two cores), and a floor measured then came out 20–30 % low, flattering every ratio.
        wrk(BASE + "/healthz/", seconds=3)
        rps, p99, _ = wrk(BASE + "/healthz/")
        os.environ["BENCH_FLOOR_RPS"] = str(rps)
        os.environ["BENCH_BASE_URL"] = BASE
        report("healthz", rps, p99)
        failed = 0
        only = {name.strip() for name in os.environ.get("BENCH_ONLY", "").split(",") if name.strip()}
        for script in sorted((ROOT / "bench").glob("bench_*.py")):
            if only and script.stem.removeprefix("bench_") not in only:
                continue
            result = subprocess.run([sys.executable, str(script)], cwd=ROOT, env=os.environ)
            failed += result.returncode != 0
        report_memory(server.pid)
        return 1 if failed else 0
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
