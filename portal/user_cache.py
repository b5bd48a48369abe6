"""One cached record per signed-in user of what every page's header and menu show: the user's role groups, whether
the staff rules (second factor, session timeouts) apply, the main menu's and elder mode's links, and the unread
notification count. Without it each signed-in page costs a groups query, the unread count and one query per menu
visibility test (counsellor? employer member? merchant? mentor? …) before the view does any work of its own.

The record lives in the Django cache (Redis in production) under the user's id and a generation token; every change
that affects it (portal.user_cache_signals) replaces the token, now and again when the transaction commits, so a
page rendered after the change never reads the old record, and a request that computed a record from data read
before the change stores it under a token nobody asks for any more. Records also expire after RECORD_SECONDS, a
bound on anything a signal cannot see (a queryset .update() of a row the menu depends on).

What the record is *not* for: access decisions. Permission functions (`<app>/permissions.py`, `user.has_role`,
`user.is_bureau_staff`) keep asking the database; the record only decides what the header and menu show (and which
forms a page offers, whose services ask the permission function when they are used), and the
middleware's fast "is this user staff?" check, which is safe because becoming staff (User.is_staff is read from the
user row of this very request; the staff group through m2m_changed) replaces the token in the same transaction.

The user row itself is kept beside the record, under the same generation (`session_user`, read by
portal.middleware.CachedUserAuthenticationMiddleware), so a signed-in request costs no user query: a save of the user
row replaces the generation (the signal above), and so do the services that change it with a queryset update
(deactivation, "sign out everywhere"). The row is kept without the password hash and the phone and e-mail columns
(those load from the database if a page reads them); the session is verified against the session hash the row was
stored with, which is what the session itself holds."""

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.contrib import auth
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, transaction
from django.utils.crypto import constant_time_compare

from portal.models import Role
from portal.models.users import CACHED_RECORD_ATTRIBUTE

SCHEMA = 2  # bump when UserRecord changes shape, so records of the previous release are never read
RECORD_SECONDS = 300
GENERATION_SECONDS = 3600  # outlives every record stored under it
ATTRIBUTE = CACHED_RECORD_ATTRIBUTE


@dataclass(frozen=True)
class UserRecord:
    generation: str
    roles: frozenset[str]
    navigation: tuple[tuple[str, str], ...]  # (pillar label, link key) of the main-menu links the user sees
    main_tasks: tuple[tuple[str, str], ...]  # (section key, link key): elder mode's short menu
    unread: int
    # What pages offer, not what they allow: may this user apply (portal.permissions.is_job_seeker, which
    # jobs.permissions.can_apply asks too), and only as a family member? The job pages show their apply and "save
    # this search" forms by them; the services that act on those forms ask the profiles themselves.
    offers_applying: bool = False
    applies_as_family: bool = False

    @property
    def in_staff_group(self) -> bool:
        return Role.STAFF in self.roles


def _generation_key(user_id: int) -> str:
    return f"user-record:generation:{user_id}"


def _record_key(user_id: int) -> str:
    return f"user-record:{SCHEMA}:{user_id}"


def _row_key(user_id: int) -> str:
    return f"user-row:{SCHEMA}:{user_id}"


# Never copied into the cache: loaded from the database on first use, as deferred fields are.
ROW_LEFT_OUT = frozenset({"password", "email", "phone_encrypted", "phone_hash", "phone_last4"})


@dataclass(frozen=True)
class UserRow:
    generation: str
    session_hash: str
    names: tuple[str, ...]
    values: tuple

    @classmethod
    def of(cls, user, generation: str) -> "UserRow":
        fields = [field for field in user._meta.concrete_fields if field.name not in ROW_LEFT_OUT]
        return cls(
            generation=generation,
            session_hash=user.get_session_auth_hash(),
            names=tuple(field.attname for field in fields),
            values=tuple(getattr(user, field.attname) for field in fields),
        )

    def user(self):
        return auth.get_user_model().from_db(DEFAULT_DB_ALIAS, list(self.names), list(self.values))


def _compute(user, generation: str) -> UserRecord:
    from portal.permissions import is_family_member, is_job_seeker, is_veteran
    from portal.pillars import pillars
    from portal.workspace import main_task_entries
    from portal.workspace_sections import unread_notifications

    navigation = tuple(
        (pillar.label, link.key) for pillar in pillars() for link in pillar.navigation if link.visible_to(user)
    )
    return UserRecord(
        generation=generation,
        roles=frozenset(user.role_names()),
        navigation=navigation,
        main_tasks=tuple((section.key, link.key) for section, link in main_task_entries(user)),
        unread=unread_notifications(user),
        offers_applying=is_job_seeker(user),
        applies_as_family=is_family_member(user) and not is_veteran(user),
    )


def user_record(user) -> UserRecord | None:
    """The signed-in user's record (None for a visitor), from the cache when it is current. Kept on the user object
    for the rest of the request, so the middleware, the context processor and the menu share one look-up."""
    if not user.is_authenticated:
        return None
    record = getattr(user, ATTRIBUTE, None)
    if record is not None:
        return record
    generation_key, record_key = _generation_key(user.pk), _record_key(user.pk)
    found = cache.get_many([generation_key, record_key])
    generation, record = found.get(generation_key), found.get(record_key)
    if generation is None:
        # Never set, or evicted: a record found now cannot be trusted. Start a generation (add: if a change set one
        # meanwhile, use that) before reading the database, so a change from here on makes this record unreachable.
        cache.add(generation_key, uuid.uuid4().hex, GENERATION_SECONDS)
        generation, record = cache.get(generation_key), None
    if record is None or record.generation != generation:
        record = _compute(user, generation or "")
        if generation is not None:
            cache.set(record_key, record, RECORD_SECONDS)
    setattr(user, ATTRIBUTE, record)
    return record


def session_user(request):
    """The signed-in user of this request's session, as django.contrib.auth.get_user answers, but from the cached
    row when it is current and was stored for the same session hash; otherwise Django's own look-up (which also
    verifies, rotates or flushes the session) and the row is stored for the next request. The user's record, fetched
    in the same round trip, is kept on the user for the header."""
    session = request.session
    try:
        user_id = auth.get_user_model()._meta.pk.to_python(session[auth.SESSION_KEY])
        backend, session_hash = session[auth.BACKEND_SESSION_KEY], session[auth.HASH_SESSION_KEY]
    except (KeyError, ValidationError):
        return auth.get_user(request)
    if backend not in settings.AUTHENTICATION_BACKENDS or not session_hash:
        return auth.get_user(request)
    generation_key, row_key, record_key = _generation_key(user_id), _row_key(user_id), _record_key(user_id)
    found = cache.get_many([generation_key, row_key, record_key])
    generation, row, record = found.get(generation_key), found.get(row_key), found.get(record_key)
    if generation is None:  # as in user_record: a generation exists before the database is read
        cache.add(generation_key, uuid.uuid4().hex, GENERATION_SECONDS)
        generation, row, record = cache.get(generation_key), None, None
    if row is not None and row.generation == generation and constant_time_compare(row.session_hash, session_hash):
        user = row.user()
    else:
        user = auth.get_user(request)
        if not user.is_authenticated or user.pk != user_id:
            return user
        if generation is not None:
            cache.set(row_key, UserRow.of(user, generation), RECORD_SECONDS)
    if record is not None and record.generation == generation:
        setattr(user, ATTRIBUTE, record)
    return user


def forget(*user_ids) -> None:
    """Make these users' records stale: call on every change the header or menu shows (the signals of
    portal.user_cache_signals do, and the services that write in bulk, which send no signals). Again on commit,
    for a request that read the old data before the change committed."""
    ids = [user_id for user_id in user_ids if user_id is not None]
    if not ids:
        return
    _replace_generations(ids)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _replace_generations(ids))


def _replace_generations(user_ids) -> None:
    cache.set_many({_generation_key(user_id): uuid.uuid4().hex for user_id in user_ids}, GENERATION_SECONDS)


def forget_cached_on(user) -> None:
    """Drop the record held on this user object (a test or a service that changed it and renders again)."""
    if hasattr(user, ATTRIBUTE):
        delattr(user, ATTRIBUTE)


def in_staff_rules(user) -> bool:
    """Fast check for the staff middleware: is this user bureau staff (is_active and is_staff from this request's
    user row, the staff group from the record)? The same answer as user.is_bureau_staff, without its groups query."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_staff or user_record(user).in_staff_group
