"""The data side of bench/fairday.py, run inside the cluster's Django environment (straight to the primary).

    python bench/fairday_world.py setup --veterans 2000 --positions 5000 --form-logins 200 --doors 10 --out W.json
    python bench/fairday_world.py verify --acks A.json --since EPOCH --out R.json

`setup` makes (idempotently, in bulk) the fair of the day: `seed_scale --positions N --veterans N` data, one fair
open now with one approved booth per scale employer bringing its positions, the veterans' accounts with a known
password, a verified e-mail address and e-mail notices on, door accounts (members of the first booths' employers,
who check veterans in), and — for the veterans beyond --form-logins — signed-in sessions written straight into the
session store (the others sign in through the real login form). Earlier fair-day fairs, and the bench veterans'
applications and notices, are deleted first, so every run starts from the same state.

`verify` reads what the clients were told (acknowledged applications, registrations and check-ins) and counts
what the database lacks, notices recorded twice per (recipient, event), and e-mails delivered twice (the file
backend's messages in EMAIL_FILE_PATH since the run began).
"""

import argparse
import datetime
import email
import email.header
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

import django  # noqa: E402

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.sessions.models import Session  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.crypto import get_random_string  # noqa: E402

from jobs.demo import TITLES  # noqa: E402
from jobs.models import Application, Booth, FairRegistration, JobFair, Position  # noqa: E402
from jobs.scale import SCALE_ORG_PREFIX  # noqa: E402
from portal import user_cache  # noqa: E402
from portal.models import Notification, NotificationPreference, Organization, Region, User  # noqa: E402
from portal.models.organizations import OrganizationMembership  # noqa: E402

FAIR_PREFIX = "福建省退役军人招聘会·大集日"
PASSWORD = "fairday-bench-2026"  # the bench accounts' password (synthetic accounts of a local bench cluster)
DOOR_PREFIX = "fairday-door-"
VETERAN_PREFIX = "scale-vet-"
BOOTH_POSITIONS = 25


def _veterans(count: int) -> list[User]:
    names = [f"{VETERAN_PREFIX}{i}" for i in range(count)]
    return list(User.objects.filter(username__in=names).order_by("pk"))


def _reset(veterans: list[User], doors: list[str]) -> None:
    """Forget earlier runs: their fairs (booths, registrations), and the bench accounts' applications and notices."""
    JobFair.objects.filter(title__startswith=FAIR_PREFIX).delete()
    ids = [u.pk for u in veterans]
    Application.objects.filter(veteran_id__in=ids).delete()
    Notification.objects.filter(recipient_id__in=ids).delete()
    Notification.objects.filter(recipient__username__startswith=DOOR_PREFIX).delete()
    Session.objects.filter(expire_date__lt=timezone.now()).delete()


def _accounts(veterans: list[User], door_orgs: list[Organization]) -> list[str]:
    """One password hash for every bench account (hashing 2,000 of them would take minutes); e-mail verified."""
    encoded = make_password(PASSWORD)
    User.objects.filter(pk__in=[u.pk for u in veterans]).update(password=encoded, is_active=True)
    user_cache.forget(*(u.pk for u in veterans))  # their cached user rows (an update sends no signal)
    doors = []
    for i, org in enumerate(door_orgs):
        user, _created = User.objects.update_or_create(
            username=f"{DOOR_PREFIX}{i}", defaults={"email": f"{DOOR_PREFIX}{i}@example.cn", "password": encoded}
        )
        OrganizationMembership.objects.get_or_create(organization=org, user=user)
        doors.append(user)
    everyone = [*veterans, *doors]
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in everyone], ignore_conflicts=True
    )
    EmailAddress.objects.filter(user__in=everyone).update(verified=True)
    # E-mail notices on, no quiet hours: each registration's notice is one e-mail for the workers to send.
    NotificationPreference.objects.bulk_create(
        [NotificationPreference(user=u) for u in veterans], ignore_conflicts=True
    )
    NotificationPreference.objects.filter(user__in=veterans).update(
        email_enabled=True, email_mode=NotificationPreference.EmailMode.INSTANT, quiet_start=0, quiet_end=0
    )
    return [d.username for d in doors]


def _fair(positions: int) -> tuple[JobFair, list[list]]:
    organizations = list(Organization.objects.filter(name__startswith=SCALE_ORG_PREFIX).order_by("pk"))
    per_org = max(1, -(-positions // len(organizations)))
    now = timezone.now()
    fair = JobFair.objects.create(
        title=f"{FAIR_PREFIX}{timezone.localtime(now):%m%d-%H%M}",
        kind=JobFair.Kind.ONSITE,
        organizer="福建省退役军人事务厅",
        description="规模演练：5000 个岗位、上千名退役军人同时在线。",
        region=Region.objects.cities().filter(code__startswith="3501").first() or Region.objects.cities().first(),
        venue="福州海峡国际会展中心",
        starts_at=now - datetime.timedelta(minutes=5),
        ends_at=now + datetime.timedelta(hours=8),
        registration_opens_at=now - datetime.timedelta(days=1),
        registration_closes_at=now + datetime.timedelta(hours=8),
        capacity=100_000,
        booth_count=len(organizations),
    )
    booths, left = [], positions
    for number, org in enumerate(organizations, start=1):
        if left <= 0:
            break
        ids = list(
            Position.objects.published()
            .filter(organization=org)
            .order_by("pk")
            .values_list("pk", flat=True)[: min(per_org, left)]
        )
        booth = Booth.objects.create(fair=fair, organization=org, number=number, status=Booth.Status.APPROVED)
        booth.positions.set(ids)
        booths.append([booth.pk, ids])
        left -= len(ids)
    return fair, booths


def _sessions(users: list[User]) -> list[str]:
    """Signed-in sessions written into the session store (the database; cached_db caches them on first read)."""
    store = __import__(settings.SESSION_ENGINE, fromlist=["SessionStore"]).SessionStore
    expires = timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    backend = settings.AUTHENTICATION_BACKENDS[0]
    rows, keys = [], []
    for user in users:
        key = get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
        data = {SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: backend, HASH_SESSION_KEY: user.get_session_auth_hash()}
        rows.append(Session(session_key=key, session_data=store().encode(data), expire_date=expires))
        keys.append(key)
    Session.objects.bulk_create(rows, batch_size=1000)
    return keys


def setup(args) -> dict:
    started = time.monotonic()
    call_command("seed_scale", positions=args.positions, veterans=args.veterans, stdout=sys.stderr)
    veterans = _veterans(args.veterans)
    if len(veterans) < args.veterans:
        raise SystemExit(f"fairday: only {len(veterans)} {VETERAN_PREFIX}* veterans")
    with transaction.atomic():
        organizations = list(Organization.objects.filter(name__startswith=SCALE_ORG_PREFIX).order_by("pk"))
        _reset(veterans, [f"{DOOR_PREFIX}{i}" for i in range(args.doors)])
        doors = _accounts(veterans, organizations[: args.doors])
        fair, booths = _fair(args.positions)
        veterans = _veterans(args.veterans)  # again: the session hash is made from the password just set
        keys = _sessions(veterans[args.form_logins :])
    sessions = [None] * args.form_logins + keys
    terms = sorted({title for titles in TITLES.values() for title in titles})
    print(f"fairday: world ready in {time.monotonic() - started:.0f} s", file=sys.stderr)
    return {
        "fair": fair.pk,
        "booths": booths,
        "veterans": [[u.username, key] for u, key in zip(veterans, sessions, strict=True)],
        "doors": doors,
        "password": PASSWORD,
        "terms": terms,
    }


def _email_duplicates(since: float) -> tuple[int, int]:
    """(messages, messages delivered more than once) among the file backend's e-mails written since `since`."""
    folder = Path(settings.EMAIL_FILE_PATH or "")
    seen = Counter()
    for path in folder.glob("*.log") if folder.is_dir() else []:
        if path.stat().st_mtime < since:
            continue
        for chunk in path.read_text(errors="replace").split("\n" + "-" * 79 + "\n"):
            if not chunk.strip():
                continue
            message = email.message_from_string(chunk.strip())
            body = message.get_payload(decode=True) or b""
            body = body.decode("utf-8", "replace").split("\n\n--\n")[0]  # the footer's unsubscribe link is signed anew
            seen[
                (message["To"], str(email.header.make_header(email.header.decode_header(message["Subject"]))), body)
            ] += 1
    return sum(seen.values()), sum(1 for n in seen.values() if n > 1)


def verify(args) -> dict:
    acks = json.loads(Path(args.acks).read_text())
    fair = acks["fair"]
    names = {name for name, _position in acks["applications"]} | set(acks["registrations"])
    users = dict(User.objects.filter(username__in=names).values_list("username", "pk"))
    applied = set(
        Application.objects.using("default")
        .filter(veteran_id__in=list(users.values()))
        .values_list("veteran_id", "position_id")
    )
    registered = dict(
        FairRegistration.objects.using("default").filter(fair_id=fair).values_list("user_id", "checked_in_at")
    )
    lost_applications = sum(1 for name, position in acks["applications"] if (users[name], position) not in applied)
    lost_registrations = sum(1 for name in acks["registrations"] if users[name] not in registered)
    lost_checkins = sum(1 for name in acks["checkins"] if not registered.get(users[name]))
    duplicate_rows = (
        Notification.objects.using("default")
        .values("recipient_id", "event_key")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    mails, duplicate_mails = _email_duplicates(args.since)
    fair_notices = Notification.objects.using("default").filter(event_key__startswith=f"jobs-fair-{fair}-registered-")
    return {
        "lost_applications": lost_applications,
        "lost_registrations": lost_registrations,
        "lost_checkins": lost_checkins,
        "duplicate_notice_rows": duplicate_rows,
        "duplicate_emails": duplicate_mails,
        "emails_written": mails,
        "registration_notices": fair_notices.count(),
        "emails_pending": fair_notices.filter(email_status=Notification.EmailStatus.PENDING).count(),
        "applications_in_db": Application.objects.using("default").filter(fair_id=fair).count(),
        "registrations_in_db": len(registered),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("setup")
    s.add_argument("--veterans", type=int, default=2000)
    s.add_argument("--positions", type=int, default=5000)
    s.add_argument("--form-logins", type=int, default=200)
    s.add_argument("--doors", type=int, default=10)
    s.add_argument("--out", required=True)
    v = sub.add_parser("verify")
    v.add_argument("--acks", required=True)
    v.add_argument("--since", type=float, required=True)
    v.add_argument("--out", required=True)
    args = parser.parse_args()
    result = setup(args) if args.command == "setup" else verify(args)
    Path(args.out).write_text(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
