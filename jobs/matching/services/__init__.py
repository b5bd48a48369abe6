"""Targeted push: notify many recipients at once, exactly once each, resumably.

`bulk_notify` is portal.services.notifications.notify for thousands of users: one bulk insert per batch that
skips rows already there (the unique (recipient, event_key) constraint), e-mail state per each user's preference
(opt-in, instant or digest, quiet hours → `email_not_before`). Instant e-mails that are due now are handed to the
shell's idempotent sender after commit; everything else is picked up by the periodic sweeper.

A fan-out runs under a PushRun row (locked per batch) whose cursor says which user ids are done, so a rerun, a
duplicate task or a task retried after a worker crash continues where the last commit left off.
"""

import datetime
import json
import logging
from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from jobs.matching import scoring, selectors
from jobs.matching.models import PushRun, WeeklyPick, monday_of
from jobs.matching.tasks import send_notification_emails
from jobs.models import FairRegistration, JobFair, Position
from portal import notice_rules, user_cache, work
from portal.messages import Localized, Message, lines
from portal.models import Notification, VeteranProfile

logger = logging.getLogger(__name__)
BATCH_SIZE = 25000  # each batch re-runs the scoring query; larger batches amortise it
PREF = "user__notification_preference__"
KIND_FLAG = {
    PushRun.Kind.POSITION: "job_push",
    PushRun.Kind.WEEKLY: "weekly_picks",
    PushRun.Kind.FAIR: "fair_reminders",
}


def _allows(row: dict, kind: str) -> bool:
    flag = KIND_FLAG.get(kind)
    value = row.get(PREF + flag) if flag else True
    return value is None or value  # no preference row yet: the defaults allow every notice kind


class Notice:
    """A push's title and body as portal.messages Messages: stored as message ids with parameters (each reader sees
    them in their language, even after switching), with the text in the recipient's language beside them in the
    plain columns (the e-mail uses it). The text is rendered once per language, not once per recipient."""

    def __init__(self, title: Message, body: Message | str):
        self.title, self.body = title, body
        self.stored = (title.to_json(), body.to_json() if isinstance(body, Message) else None)
        self._texts: dict[str, tuple[str, str]] = {}

    def texts(self, language: str | None) -> tuple[str, str]:
        language = language or settings.LANGUAGE_CODE
        if language not in self._texts:
            with translation.override(language):
                self._texts[language] = (str(self.title)[:200], str(self.body))
        return self._texts[language]


def bulk_notify(
    *,
    rows: Iterable[dict],
    event_key: str,
    kind: str,
    notice: Notice | Callable[[dict], Notice],
    url: str,
    email: bool = True,
) -> int:
    """Insert one notice per recipient row (skipping those that already have it). Returns the rows offered.

    `notice` is the same for every row, or `notice(row)` gives each its own. Must run inside a transaction: due
    instant e-mails are queued on commit.
    """
    now = timezone.now()
    rows = [row for row in rows if _allows(row, kind)]
    states = notice_rules.email_states((row["user_id"] for row in rows), now) if email else {}
    notices, due_now = [], []
    for row in rows:
        this = notice(row) if callable(notice) else notice
        title, body = this.texts(row.get("user__language"))
        status, not_before = states.get(row["user_id"], (Notification.EmailStatus.NONE, None))
        notices.append(
            Notification(
                recipient_id=row["user_id"],
                event_key=event_key[:150],
                kind=kind,
                title=title,
                body=body,
                title_message=this.stored[0],
                body_message=this.stored[1],
                url=url,
                email_status=status,
                email_not_before=not_before,
            )
        )
        if status == Notification.EmailStatus.PENDING and not_before <= now:
            due_now.append(row["user_id"])
    Notification.objects.bulk_create(notices, batch_size=2000, ignore_conflicts=True)
    user_cache.forget(*(notice.recipient_id for notice in notices))  # their unread counts (no signal on bulk_create)
    if due_now:
        ids = list(
            Notification.objects.filter(
                event_key=event_key[:150], recipient_id__in=due_now, email_status=Notification.EmailStatus.PENDING
            ).values_list("pk", flat=True)
        )
        for start in range(0, len(ids), 200):
            send_notification_emails.delay_on_commit(ids[start : start + 200])
    return len(notices)


def run_push(*, event_key: str, kind: str, next_batch, notify_batch, position=None) -> PushRun:
    """Fan out one event in batches under a PushRun. `next_batch(cursor) -> rows` (ascending user_id),
    `notify_batch(rows) -> count`. Each batch and its cursor move commit together."""
    run, _created = PushRun.objects.get_or_create(event_key=event_key, defaults={"kind": kind, "position": position})
    if run.status == PushRun.Status.DONE:
        return run
    PushRun.objects.filter(pk=run.pk).update(attempts=F("attempts") + 1)
    while True:
        with transaction.atomic():
            # The lock makes a duplicate task wait and then continue from the cursor this one committed.
            run = PushRun.objects.select_for_update().get(pk=run.pk)
            if run.status == PushRun.Status.DONE:
                return run
            rows = next_batch(run.cursor)
            if not rows:
                run.status = PushRun.Status.DONE
                run.finished_at = timezone.now()
                run.save(update_fields=["status", "finished_at", "updated_at"])
                return run
            run.recipients += notify_batch(rows)
            run.cursor = rows[-1]["user_id"]
            run.save(update_fields=["cursor", "recipients", "updated_at"])


# --- a position is published -------------------------------------------------------------------------------------


def position_event_key(position_id: int) -> str:
    return f"position-published:{position_id}"


def position_push(*, position_id: int, batch_size: int = BATCH_SIZE) -> PushRun | None:
    """Notify every veteran whose match passes the threshold, once. Quiet if the position is gone or not published."""
    position = Position.objects.select_related("organization", "region", "category").filter(pk=position_id).first()
    if position is None or not position.is_published():
        return None
    context = selectors.PositionContext(position)

    notice = Notice(
        Message(gettext_lazy("New position for you: %(title)s"), title=position.title),
        Message(
            gettext_lazy("%(employer)s, %(region)s, %(salary)s CNY/month. It matches your profile."),
            employer=position.organization.name,
            region=Localized.of(lambda: position.region.label),
            salary=position.salary_display(),
        ),
    )
    if _batch_sql():
        return run_push(
            event_key=position_event_key(position.pk),
            kind=PushRun.Kind.POSITION,
            position=position,
            next_batch=lambda cursor: _insert_batch_sql(
                position, context, after_user_id=cursor, limit=batch_size, notice=notice
            ),
            notify_batch=lambda rows: rows[-1]["offered"],
        )
    return run_push(
        event_key=position_event_key(position.pk),
        kind=PushRun.Kind.POSITION,
        position=position,
        next_batch=lambda cursor: selectors.push_recipients(
            position, after_user_id=cursor, limit=batch_size, context=context
        ),
        notify_batch=lambda rows: bulk_notify(
            rows=rows,
            event_key=position_event_key(position.pk),
            kind=PushRun.Kind.POSITION,
            notice=notice,
            url=f"/jobs/{position.pk}/",
        ),
    )


def _batch_sql() -> bool:
    """Whether pushes insert each batch with one INSERT … SELECT (PostgreSQL) or through bulk_notify."""
    return connection.vendor == "postgresql"


def _insert_batch_sql(position, context, *, after_user_id: int, limit: int, notice: Notice) -> list[dict]:
    """PostgreSQL: one set-based statement per batch —
    INSERT INTO portal_notification (...) SELECT ... FROM (the next `limit` matching recipients) ON CONFLICT DO NOTHING.
    The title and body messages are the same for all, their texts chosen per recipient language; e-mail state is
    portal.notice_rules' expressions, the rules notify() and bulk_notify run. Returns [] when no recipient is left,
    else one row {"user_id": last user id of the batch, "offered": recipients in it} for run_push's cursor.
    Runs inside run_push's transaction; due instant e-mails are queued on commit."""
    now = timezone.now()
    recipients = (
        selectors.veterans_for_position(position, context=context)
        .filter(
            Q(**{PREF + "isnull": True}) | Q(**{PREF + "job_push": True}),
            match_score__gte=scoring.PUSH_THRESHOLD,
            user_id__gt=after_user_id,
        )
        .order_by("user_id")
        .annotate(
            r_user=F("user_id"),
            r_language=F("user__language"),
            # the rules notify() runs, compiled into the batch (portal.notice_rules)
            r_email_status=notice_rules.email_status("user__"),
            r_email_not_before=notice_rules.email_not_before(now, "user__"),
        )
        .values("r_user", "r_language", "r_email_status", "r_email_not_before")[:limit]
    )
    inner_sql, inner_params = recipients.query.sql_with_params()
    default_language = settings.LANGUAGE_CODE
    title_default, body_default = notice.texts(default_language)
    language_cases, language_params = [], []
    for code, _name in settings.LANGUAGES:
        if code != default_language:
            title, body = notice.texts(code)
            language_cases.append(code)
            language_params.append((code, title, body))
    title_sql = "CASE " + " ".join("WHEN b.r_language = %s THEN %s" for _c in language_cases) + " ELSE %s END"
    body_sql = title_sql
    title_params = [v for code, title, _b in language_params for v in (code, title)] + [title_default]
    body_params = [v for code, _t, body in language_params for v in (code, body)] + [body_default]
    if not language_cases:
        title_sql = body_sql = "%s"
    # Every interpolated piece is a fixed fragment or ORM-compiled SQL; all values travel as parameters.
    sql = f"""
        WITH batch AS ({inner_sql}),
        inserted AS (
            INSERT INTO portal_notification
                (recipient_id, event_key, kind, title, body, title_message, body_message, url, created_at,
                 email_status, email_not_before, email_attempts)
            SELECT b.r_user, %s, %s, {title_sql}, {body_sql}, %s::jsonb, %s::jsonb, %s, %s, b.r_email_status,
                   b.r_email_not_before, 0
            FROM batch b
            ON CONFLICT DO NOTHING
            RETURNING id, email_status, email_not_before
        )
        SELECT (SELECT max(r_user) FROM batch), (SELECT count(*) FROM batch),
               ARRAY(SELECT id FROM inserted WHERE email_status = %s AND email_not_before <= %s ORDER BY id)
    """  # noqa: S608
    event_key = position_event_key(position.pk)[:150]
    params = [
        *inner_params,
        event_key,
        PushRun.Kind.POSITION,
        *title_params,
        *body_params,
        *(None if stored is None else json.dumps(stored) for stored in notice.stored),
        f"/jobs/{position.pk}/",
        now,
        Notification.EmailStatus.PENDING,
        now,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        last_user, offered, due_now = cursor.fetchone()
    if not offered:
        return []
    if due_now:
        for start in range(0, len(due_now), 200):
            send_notification_emails.delay_on_commit(due_now[start : start + 200])
    return [{"user_id": last_user, "offered": offered}]


# --- weekly picks ------------------------------------------------------------------------------------------------


def iso_week_key(day: datetime.date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"weekly-picks:{year}-W{week:02d}"


def weekly_digest_send(*, day: datetime.date | None = None, batch_size: int = 2000) -> PushRun:
    """Each subscribed veteran gets this week's curated positions plus their own matches pushed in the last 7 days.
    The event key names the ISO week, so a second run in the same week sends nothing new."""
    day = day or timezone.localdate()
    event_key = iso_week_key(day)
    picks = list(
        WeeklyPick.objects.for_week(day)
        .filter(position__status=Position.Status.PUBLISHED)
        .select_related("position", "position__organization")
        .order_by("sort_order", "id")
    )
    since = timezone.make_aware(datetime.datetime.combine(monday_of(day), datetime.time())) - datetime.timedelta(days=7)
    veterans = VeteranProfile.objects.verified().filter(user__is_active=True)

    def next_batch(cursor):
        return list(
            veterans.filter(user_id__gt=cursor)
            .exclude(**{PREF + "weekly_picks": False})
            .order_by("user_id")
            .values(*selectors.RECIPIENT_VALUES)[:batch_size]
        )

    def notify_batch(rows):
        own: dict[int, list] = {}
        for recipient_id, title, title_message in (
            Notification.objects.filter(
                recipient_id__in=[r["user_id"] for r in rows], kind=PushRun.Kind.POSITION, created_at__gte=since
            )
            .order_by("-created_at")
            .values_list("recipient_id", "title", "title_message")
        ):
            own.setdefault(recipient_id, []).append(Message.from_json(title_message) if title_message else title)
        rows = [r for r in rows if picks or own.get(r["user_id"])]
        return bulk_notify(
            rows=rows,
            event_key=event_key,
            kind=PushRun.Kind.WEEKLY,
            notice=lambda r: _weekly_notice(picks, own.get(r["user_id"], [])[:5], day),
            url="/jobs/recommended/",
        )

    return run_push(event_key=event_key, kind=PushRun.Kind.WEEKLY, next_batch=next_batch, notify_batch=notify_batch)


def _weekly_notice(picks, matches, day) -> Notice:
    year, week, _weekday = day.isocalendar()
    title = Message(gettext_lazy("Weekly picks, week %(week)s of %(year)s"), week=week, year=year)
    parts = [f"· {p.position.title} — {p.position.organization.name}" for p in picks]
    if matches:
        parts.append(Message(gettext_lazy("Matched to you this week:")))
        parts += [Message("· %(title)s", title=match) for match in matches]
    return Notice(title, lines(*parts))


# --- job fair reminders ------------------------------------------------------------------------------------------


def fair_event_key(fair_id: int) -> str:
    return f"fair-reminder:{fair_id}"


def fairs_due_reminder(*, now=None) -> list[int]:
    """Fairs starting within the next 24 hours whose reminder has not completed."""
    now = now or timezone.now()
    done = PushRun.objects.filter(kind=PushRun.Kind.FAIR, status=PushRun.Status.DONE).values_list(
        "event_key", flat=True
    )
    done = set(done)
    fairs = JobFair.objects.filter(starts_at__gt=now, starts_at__lte=now + datetime.timedelta(hours=24))
    return [pk for pk in fairs.values_list("pk", flat=True) if fair_event_key(pk) not in done]


def fair_reminder_send(*, fair_id: int, batch_size: int = 2000) -> PushRun | None:
    fair = JobFair.objects.filter(pk=fair_id).first()
    if fair is None:
        return None
    registrations = FairRegistration.objects.filter(fair=fair, user__is_active=True)

    notice = Notice(
        Message(gettext_lazy("Reminder: %(fair)s starts within 24 hours"), fair=fair.title),
        Message(
            gettext_lazy("Starts %(when)s. %(where)s Bring your ticket from My job fairs."),
            when=fair.starts_at,
            where=fair.venue or fair.stream_url,
        ),
    )

    def next_batch(cursor):
        values = [v for v in selectors.RECIPIENT_VALUES if v != "user_id"]
        return list(
            registrations.filter(user_id__gt=cursor).order_by("user_id").values("user_id", *values)[:batch_size]
        )

    return run_push(
        event_key=fair_event_key(fair.pk),
        kind=PushRun.Kind.FAIR,
        next_batch=next_batch,
        notify_batch=lambda rows: bulk_notify(
            rows=rows,
            event_key=fair_event_key(fair.pk),
            kind=PushRun.Kind.FAIR,
            notice=notice,
            url=f"{reverse('jobs:my_fairs')}#fair-{fair.pk}",
        ),
    )


def stalled_push_runs() -> list[PushRun]:
    """Runs a killed worker left unfinished: no batch committed within portal.work's heartbeat limit, and no worker
    holding the run's row lock (a live one holds it through each batch). The sweeper queues them again."""
    return work.stalled(PushRun.objects.all(), running=PushRun.Status.RUNNING, heartbeat="updated_at")


def weekly_digest_send_for_key(event_key: str) -> PushRun:
    """Finish the digest of the ISO week an event key names (weekly-picks:2026-W07)."""
    year, week = event_key.split(":", 1)[1].split("-W")
    return weekly_digest_send(day=datetime.date.fromisocalendar(int(year), int(week), 1))
