"""A fair day against `make cluster` (bench/README.md "Fair day"): thousands of signed-in veterans at one fair of
5,000 positions, while one web node and one Celery worker are killed with SIGKILL and started again mid-run.

    .venv/bin/python bench/fairday.py [--veterans 2000] [--positions 5000] [--concurrency 32] …

Each simulated veteran, from a loopback address of its own (127.20.x.y, so per-address rate limits count each one
apart, as for real visitors): signs in (the first --form-logins through the real login form with its CSRF token,
the others with a session bench/fairday_world.py wrote into the session store), opens the fair list and — a share
--fair-page of them — the fair's whole page, browses --booths booth pages, searches (a share --search), opens a
position and applies to it, registers for the fair and fetches its ticket code, which a door account then scans
(the check-in). Failed POSTs are sent once more, as a person would press again.

Prints one line:
    bench: fairday rps=… p99_ms=… ratio=… errors=… lost=… duplicate_notices=…
rps over the whole run; ratio to the /healthz/ floor (wrk through nginx, same run); errors: requests that got a
transport error, a 5xx or another answer than the page's normal one; lost: acknowledged applications, registrations
and check-ins missing from the database afterwards; duplicate_notices: (recipient, event) notices stored twice plus
e-mails delivered twice. `fairday:` lines before it break the figures down (inside and outside the kill window).
"""

import argparse
import asyncio
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import wrk  # noqa: E402

CLUSTER = ROOT / "portal/deploy/cluster/cluster.sh"


def cluster_env() -> dict:
    run = Path(os.environ.get("CLUSTER_DIR", ROOT / ".cluster"))
    if not (run / "env").exists():
        raise SystemExit("fairday: no cluster (make cluster first)")
    env = dict(os.environ)
    for line in (run / "env").read_text().splitlines():
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            env[key] = value
    return env


def world(env: dict, *args: str) -> dict:
    """Run bench/fairday_world.py inside the cluster's Django environment, straight to the primary."""
    out = Path(env["CLUSTER_DIR"]) / f"fairday-{args[0]}.json"
    run_env = {**env, "DATABASE_URL": env["DATABASE_DIRECT_URL"]}
    command = [sys.executable, str(ROOT / "bench/fairday_world.py"), *args, "--out", str(out)]
    subprocess.run(command, cwd=ROOT, env=run_env, check=True)
    return json.loads(out.read_text())


class Stats:
    def __init__(self):
        self.samples = []  # (finished at, milliseconds, ok, what)
        self.windows = []  # [start, end] of each kill, from SIGKILL until the node is back and settled
        self.errors = {}

    def add(self, started: float, ok: bool, what: str, detail: str = "") -> None:
        now = time.monotonic()
        self.samples.append((now, (now - started) * 1000, ok, what))
        if not ok:
            key = f"{what}:{detail}"
            self.errors[key] = self.errors.get(key, 0) + 1

    def in_window(self, moment: float) -> bool:
        return any(start <= moment <= (end or float("inf")) for start, end in self.windows)


def p99(values: list[float]) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * 0.99))] if values else float("nan")


class Client:
    """One visitor: its own loopback address, connection and cookies (kept by hand: the cluster's cookies are
    marked Secure, as production sets them, and a client on plain http would otherwise drop them)."""

    def __init__(self, base: str, address: str, stats: Stats):
        self.base, self.stats, self.cookies = base, stats, {}
        connector = aiohttp.TCPConnector(limit=2, local_addr=(address, 0), force_close=False)
        self.http = aiohttp.ClientSession(
            connector=connector, cookie_jar=aiohttp.DummyCookieJar(), timeout=aiohttp.ClientTimeout(total=60)
        )

    async def close(self):
        await self.http.close()

    async def request(self, method: str, path: str, what: str, expect=(200,), data=None, retry=False, goes_to=""):
        """Returns (status, body text, Location) or None after a transport error; counts the outcome. A redirect
        elsewhere than `goes_to` (a refusal sent back to the form with its message) counts as an error."""
        for attempt in range(2 if retry else 1):
            started = time.monotonic()
            headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
            if method == "POST":
                headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
            try:
                async with self.http.request(
                    method, self.base + path, data=data, headers=headers, allow_redirects=False
                ) as response:
                    body = await response.text(errors="replace")
                    for name, morsel in response.cookies.items():
                        if morsel.value and morsel.get("max-age") != "0":
                            self.cookies[name] = morsel.value
                        else:
                            self.cookies.pop(name, None)
                    status, location = response.status, response.headers.get("Location", "")
            except (TimeoutError, aiohttp.ClientError) as error:
                self.stats.add(started, False, what, type(error).__name__)
                if attempt == 0 and retry:
                    await asyncio.sleep(1)
                continue
            ok = status in expect and goes_to in location
            self.stats.add(started, ok, what, str(status) if status not in expect else f"{status}-elsewhere")
            if ok or status < 500 or not retry or attempt == 1:
                return status, body, location
            await asyncio.sleep(1)
        return None

    async def sign_in(self, username: str, password: str) -> bool:
        await self.request("GET", "/accounts/login/", "login-page")
        answer = await self.request(
            "POST",
            "/accounts/login/",
            "login",
            expect=(302,),
            data={"login": username, "password": password},
            retry=True,
        )
        return bool(answer and answer[0] == 302)


async def veteran(index: int, username: str, session_key, ctx: dict) -> None:
    args, stats, acks, rng = ctx["args"], ctx["stats"], ctx["acks"], random.Random(index)
    fair, booths = ctx["world"]["fair"], ctx["world"]["booths"]
    client = Client(ctx["base"], f"127.20.{index // 250}.{index % 250 + 1}", stats)
    try:
        if session_key:
            client.cookies["sessionid"] = session_key
        elif not await client.sign_in(username, ctx["world"]["password"]):
            return
        await client.request("GET", "/jobs/fairs/", "fair-list")
        if rng.random() < args.fair_page:
            await client.request("GET", f"/jobs/fairs/{fair}/", "fair-page")
        positions = []
        for booth, ids in rng.sample(booths, args.booths):
            await client.request("GET", f"/jobs/fairs/{fair}/booths/{booth}/", "booth")
            positions += ids
        if rng.random() < args.search:
            term = rng.choice(ctx["world"]["terms"])
            await client.request("GET", "/jobs/?" + urlencode({"q": term}), "search")
        for position in rng.sample(positions, min(args.applications, len(positions))):
            await client.request("GET", f"/jobs/{position}/", "position")
            answer = await client.request(
                "POST",
                f"/jobs/{position}/apply/",
                "apply",
                expect=(302,),
                data={"fair": str(fair), "note": "", "share_consent": "on"},  # the box a first application ticks
                retry=True,
                goes_to="/jobs/applications/mine/",
            )
            if answer and answer[0] == 302 and answer[2].endswith("/jobs/applications/mine/"):
                acks["applications"].append([username, position])
        answer = await client.request(
            "POST", f"/jobs/fairs/{fair}/register/", "register", expect=(302,), retry=True, goes_to="/ticket/"
        )
        if answer and answer[0] == 302 and "/ticket/" in answer[2]:
            acks["registrations"].append(username)
        answer = await client.request("GET", f"/jobs/fairs/{fair}/ticket/code/", "ticket-code")
        if answer and answer[0] == 200:
            token = json.loads(answer[1])["token"]
            door = rng.choice(ctx["doors"])
            result = await door.request(
                "POST", f"/jobs/fairs/{fair}/scan/", "check-in", data={"token": token}, retry=True
            )
            if result and result[0] == 200:
                acks["checkins"].append(username)
    finally:
        await client.close()
        ctx["done"] += 1


def kill_group(env: dict, name: str) -> int:
    pid = int((Path(env["CLUSTER_DIR"]) / "pids" / f"{name}.pid").read_text())
    os.killpg(pid, signal.SIGKILL)  # the whole node: gunicorn's master and workers, or Celery and its pool
    return pid


async def chaos(ctx: dict, env: dict) -> None:
    """Kill web1 once --kill-web-at of the veterans are done, worker1 at --kill-worker-at; restart each after
    --down seconds. A kill window lasts from the SIGKILL until the node answers again, plus 5 s."""
    args, stats, total = ctx["args"], ctx["stats"], len(ctx["world"]["veterans"])
    plan = sorted([(args.kill_web_at, "web1"), (args.kill_worker_at, "worker1")])
    for share, name in plan:
        while ctx["done"] < share * total:
            await asyncio.sleep(0.2)
        window = [time.monotonic(), None]
        stats.windows.append(window)
        pid = kill_group(env, name)
        print(f"fairday: SIGKILL {name} (pid {pid}) after {ctx['done']} veterans", flush=True)
        await asyncio.sleep(args.down)
        await asyncio.to_thread(subprocess.run, ["bash", str(CLUSTER), "start-one", name], cwd=ROOT, check=True)
        if name.startswith("web"):
            await wait_http(env["CLUSTER_WEB_URLS"].split(",")[int(name.removeprefix("web")) - 1] + "/healthz/")
        ctx["restarted"].append(f"{name} back {time.monotonic() - window[0]:.1f} s after the kill")
        window[1] = time.monotonic() + 5


async def wait_http(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    async with aiohttp.ClientSession() as http:
        while time.monotonic() < deadline:
            try:
                async with http.get(url, headers={"Host": "127.0.0.1"}) as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.25)
    raise SystemExit(f"fairday: {url} did not come back")


async def load(ctx: dict, env: dict) -> float:
    ctx["doors"] = []
    for i, username in enumerate(ctx["world"]["doors"]):
        door = Client(ctx["base"], f"127.30.0.{i + 1}", ctx["stats"])
        if not await door.sign_in(username, ctx["world"]["password"]):
            raise SystemExit(f"fairday: door account {username} could not sign in")
        await door.request("GET", f"/jobs/fairs/{ctx['world']['fair']}/scan/", "scan-page")
        ctx["doors"].append(door)
    gate = asyncio.Semaphore(ctx["args"].concurrency)

    async def one(index, username, key):
        async with gate:
            await veteran(index, username, key, ctx)

    started = time.monotonic()
    chaos_task = asyncio.create_task(chaos(ctx, env))
    await asyncio.gather(*(one(i, u, k) for i, (u, k) in enumerate(ctx["world"]["veterans"])))
    elapsed = time.monotonic() - started
    await chaos_task
    for door in ctx["doors"]:
        await door.close()
    return elapsed


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add = parser.add_argument
    add("--veterans", type=int, default=2000, help="simulated signed-in veterans (default 2000)")
    add("--positions", type=int, default=5000, help="positions at the fair (default 5000, 25 per booth)")
    add("--form-logins", type=int, default=200, help="veterans who sign in through the login form (default 200)")
    add("--doors", type=int, default=10, help="door accounts scanning tickets (default 10)")
    add("--concurrency", type=int, default=32, help="veterans in flight at once (default 32)")
    add("--fair-page", type=float, default=0.05, help="share opening the fair's whole page (default 0.05)")
    add("--booths", type=int, default=1, help="booth pages each veteran opens (default 1)")
    add("--search", type=float, default=0.5, help="share who search (default 0.5)")
    add("--applications", type=int, default=1, help="applications per veteran (default 1)")
    add("--kill-web-at", type=float, default=0.3, help="share of veterans done when web1 is killed")
    add("--kill-worker-at", type=float, default=0.5, help="share of veterans done when worker1 is killed")
    add("--down", type=float, default=10, help="seconds a killed process stays down (default 10)")
    add("--drain", type=float, default=60, help="seconds to wait for queued e-mails afterwards (default 60)")
    return parser.parse_args()


def main() -> None:
    args = arguments()
    env = cluster_env()
    base = env["CLUSTER_PROXY_URL"]
    setup = ["--veterans", str(args.veterans), "--positions", str(args.positions)]
    setup += ["--form-logins", str(args.form_logins), "--doors", str(args.doors)]
    ctx = {"args": args, "base": base, "stats": Stats(), "done": 0, "restarted": []}
    ctx["world"] = world(env, "setup", *setup)
    ctx["acks"] = {"fair": ctx["world"]["fair"], "applications": [], "registrations": [], "checkins": []}
    wrk(base + "/healthz/", seconds=3)  # warm-up: every worker booted before the floor is measured
    floor, floor_p99, _ = wrk(base + "/healthz/")
    print(f"fairday: floor /healthz/ through nginx {floor:.0f} rps, p99 {floor_p99:.1f} ms", flush=True)
    since = time.time()
    elapsed = asyncio.run(load(ctx, env))
    acks_path = Path(env["CLUSTER_DIR"]) / "fairday-acks.json"
    acks_path.write_text(json.dumps(ctx["acks"]))
    deadline = time.monotonic() + args.drain
    while True:
        result = world(env, "verify", "--acks", str(acks_path), "--since", str(since))
        if not result["emails_pending"] or time.monotonic() > deadline:
            break
        time.sleep(5)
    report(args, ctx, elapsed, floor, result)


def report(args, ctx: dict, elapsed: float, floor: float, result: dict) -> None:
    stats, acks = ctx["stats"], ctx["acks"]
    samples = stats.samples
    outside = [ms for t, ms, _ok, _w in samples if not stats.in_window(t)]
    errors = sum(1 for *_rest, ok, _w in samples if not ok)
    window_errors = sum(1 for t, _ms, ok, _w in samples if not ok and stats.in_window(t))
    rps = len(samples) / elapsed
    lost = result["lost_applications"] + result["lost_registrations"] + result["lost_checkins"]
    duplicates = result["duplicate_notice_rows"] + result["duplicate_emails"]
    print(
        f"fairday: {len(samples)} requests in {elapsed:.0f} s, {args.veterans} veterans, concurrency "
        f"{args.concurrency}; acknowledged: {len(acks['applications'])} applications, "
        f"{len(acks['registrations'])} registrations, {len(acks['checkins'])} check-ins",
        flush=True,
    )
    print(f"fairday: {'; '.join(ctx['restarted'])}")
    print(
        f"fairday: p99 outside the kill windows {p99(outside):.0f} ms; errors in them {window_errors}, outside "
        f"{errors - window_errors}; by kind {json.dumps(stats.errors, sort_keys=True)}"
    )
    kinds = {}
    for _t, ms, _ok, what in samples:
        kinds.setdefault(what, []).append(ms)
    print(
        "fairday: per request (count, median ms, p99 ms): "
        + ", ".join(f"{what} {len(v)} {sorted(v)[len(v) // 2]:.0f} {p99(v):.0f}" for what, v in sorted(kinds.items()))
    )
    print(f"fairday: database and mail {json.dumps(result, sort_keys=True)}")
    ratio = rps / floor if floor else float("nan")
    print(
        f"bench: fairday rps={rps:.0f} p99_ms={p99([s[1] for s in samples]):.0f} ratio={ratio:.2f} "
        f"errors={errors} lost={lost} duplicate_notices={duplicates}",
        flush=True,
    )


if __name__ == "__main__":
    main()
