"""Peak memory of streaming a large veterans CSV export (the staff export must not grow with the row count).

Usage: .venv/bin/python bench/bench_staff_export.py [--rows 100000]
Uses DATABASE_URL when set (its rows are reused if enough veterans exist), otherwise a scratch SQLite file.
Prints: bench: export rows=<n> peak_rss_mb=<n> seconds=<s>   (plus the RSS before streaming and the growth)
"""

import argparse
import datetime
import os
import resource
import sys
import tempfile
import time
import tracemalloc

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
if "DATABASE_URL" not in os.environ:
    os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.gettempdir()}/bench_staff_export.sqlite3"


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def seed(rows: int) -> None:
    from portal import crypto
    from portal.models import Region, User, VeteranProfile
    from portal.synthetic import make_id_number

    have = VeteranProfile.objects.count()
    if have >= rows:
        return
    region = Region.objects.get(code="350102")
    batch = 5000
    for start in range(have, rows, batch):
        stop = min(rows, start + batch)
        users = User.objects.bulk_create(
            [User(username=f"bench-export-{n}", password="!") for n in range(start, stop)], batch_size=batch
        )
        if users[0].pk is None:  # backends without RETURNING
            users = list(User.objects.filter(username__startswith="bench-export-").order_by("-pk")[: stop - start])
        profiles = []
        for n, user in zip(range(start, stop), users, strict=True):
            number = make_id_number("350102", datetime.date(1980 + n % 20, 1 + n % 12, 1 + n % 28), n % 999)
            profiles.append(
                VeteranProfile(
                    user=user,
                    real_name="张伟",
                    phone=f"139{n:08d}",
                    region=region,
                    id_number_encrypted=crypto.encrypt(number),
                    id_number_hash=crypto.keyed_hash(f"{number}-{n}"),  # unique per row even if numbers repeat
                    id_number_last4=number[-4:],
                    status="verified",
                )
            )
        VeteranProfile.objects.bulk_create(profiles, batch_size=batch)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import RequestFactory

    from portal.models import VeteranProfile
    from portal.staff import exports
    from tests.factories import StaffFactory

    call_command("migrate", verbosity=0)
    seed(args.rows)
    definition = exports.registered_exports()["veterans"]
    queryset = exports.veterans_queryset({})[: args.rows]
    request = RequestFactory().get("/staff/exports/veterans.csv")
    request.user = StaffFactory.build()
    before = rss_mb()
    tracemalloc.start()
    started = time.perf_counter()
    response = exports.csv_response(definition, queryset, unmask=False, filename="veterans")
    size = lines = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        lines += chunk.count(b"\n")
    seconds = time.perf_counter() - started
    _current, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    peak = rss_mb()
    assert lines == min(args.rows, VeteranProfile.objects.count()) + 1, lines
    print(
        f"bench: export rows={lines - 1} peak_rss_mb={peak:.0f} seconds={seconds:.1f} "
        f"(rss_before_mb={before:.0f} rss_growth_mb={peak - before:.0f} python_peak_mb={traced_peak / 1048576:.1f} "
        f"bytes={size})"
    )


if __name__ == "__main__":
    main()
