"""Merging two accounts of one person (staff, from the duplicate-applicant page): everything the absorbed account
holds in every app moves to the survivor, the absorbed account is deactivated, and the audit log says what moved.

One documented service rather than a hook per pillar: the rows to move are found from the models themselves —
every foreign key, one-to-one and many-to-many table that points at the user, in every installed app — so a model
a pillar adds later is merged without anyone remembering to write a hook. The rules:

- A row moves to the survivor with one UPDATE per relation (a savepoint around it). Where a unique constraint
  would clash (both applied to the same position, registered for the same fair, got the same notice…), the
  survivor's row is kept, the absorbed account keeps its own, and the report names it: nothing is deleted.
- One-to-one rows (the veteran registration, the family profile, notice preferences, a mentor profile…) move when
  the survivor has none; when both have one, the survivor's stays and what points at the absorbed one (a family
  member's link to the veteran, a care record, a mentor's slots) moves to the survivor's, by the same rules. The
  absorbed profile's own attributes (specialties, desired regions) stay with it: the survivor's profile is the one
  staff chose to keep.
- Left with the absorbed account on purpose (KEPT_WITH_ABSORBED): history that must stay as it happened (the audit
  log, the admin's log) and what proves who may sign in or act (e-mail addresses, second factors, API keys,
  individual permissions). Deactivating the account ends its sessions and API keys.
"""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from portal.exceptions import AccessDenied
from portal.models import AuditLog, DuplicateDismissal, User
from portal.permissions import can_merge_people
from portal.services.audit import audit_record
from portal.user_cache import forget

KEPT_WITH_ABSORBED = {
    "portal.AuditLog": "append-only history of who did what",
    "admin.LogEntry": "the admin's history",
    "account.EmailAddress": "sign-in addresses stay with the account that proved them",
    "mfa.Authenticator": "second factors stay with the account they were set up for",
    "portal.ApiToken": "API keys stay with the account they were issued to (revoked with it)",
    "portal.User_user_permissions": "access rights change only through the superuser-only access service",
    "portal.DuplicateDismissal": "a staff decision about that pair of accounts",
}


def _reverse_relations(model):
    """(related model, field) for every foreign key or one-to-one pointing at `model` (M2M tables included)."""
    for rel in model._meta.get_fields(include_hidden=True):
        if rel.is_relation and rel.auto_created and not rel.concrete and not rel.many_to_many:
            yield rel.related_model, rel.field


def _own_attribute_tables(model) -> set:
    return {f.remote_field.through for f in model._meta.many_to_many if f.remote_field.through._meta.auto_created}


def _move_rows(queryset, field, target, label: str, report: dict) -> None:
    pks = list(queryset.values_list("pk", flat=True))
    if not pks:
        return
    try:
        with transaction.atomic():
            moved = queryset.update(**{field.name: target})
    except IntegrityError:  # some rows clash with the survivor's: move the others one by one
        moved = 0
        for pk in pks:
            try:
                with transaction.atomic():
                    moved += queryset.model._base_manager.filter(pk=pk).update(**{field.name: target})
            except IntegrityError:
                report["kept"].append({"model": label, "pk": pk, "why": "unique"})
    if moved:
        report["moved"][label] = report["moved"].get(label, 0) + moved


def _merge_into(model, absorbed_obj, survivor_obj, report: dict, *, top: bool) -> None:
    skip = set() if top else _own_attribute_tables(model)
    for related_model, field in _reverse_relations(model):
        label = f"{related_model._meta.label}.{field.name}"
        if related_model._meta.label in KEPT_WITH_ABSORBED or related_model in skip:
            continue
        rows = related_model._base_manager.filter(**{field.name: absorbed_obj})
        if field.one_to_one:
            row = rows.first()
            if row is None:
                continue
            existing = related_model._base_manager.filter(**{field.name: survivor_obj}).first()
            if existing is None:
                _move_rows(rows, field, survivor_obj, label, report)
            else:
                report["kept"].append({"model": label, "pk": row.pk, "why": "one_to_one"})
                _merge_into(related_model, row, existing, report, top=False)
        else:
            _move_rows(rows, field, survivor_obj, label, report)


def related_row_counts(user) -> dict[str, int]:
    """What an account holds, by relation (for the staff page before a merge)."""
    counts = {}
    for related_model, field in _reverse_relations(User):
        if related_model._meta.label in KEPT_WITH_ABSORBED:
            continue
        n = related_model._base_manager.filter(**{field.name: user}).count()
        if n:
            counts[f"{related_model._meta.verbose_name_plural} ({field.verbose_name})"] = n
    return counts


def _check(survivor: User, absorbed: User, staff) -> None:
    if not can_merge_people(staff):
        raise AccessDenied(_("Only bureau staff who may change accounts can merge them."))
    if survivor.pk == absorbed.pk:
        raise ValidationError(_("Choose two different accounts."))
    for user in (survivor, absorbed):
        if user.is_staff or user.is_superuser or user.is_bureau_staff:
            raise ValidationError(_("Staff accounts are never merged; only accounts of veterans and family members."))
        if not user.is_active:
            raise ValidationError(
                _("The account %(username)s is deactivated (merged already?).") % {"username": user.username}
            )


@transaction.atomic
def person_merge(*, survivor: User, absorbed: User, staff, reason: str, request=None) -> dict:
    """Move everything of `absorbed` to `survivor`, deactivate `absorbed`, write the audit log. Returns the report:
    {"moved": {relation: rows}, "kept": [{"model", "pk", "why"}]} (rows left with the absorbed account)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why these accounts are the same person.")})
    locked = {
        u.pk: u for u in User.objects.select_for_update().filter(pk__in=[survivor.pk, absorbed.pk]).order_by("pk")
    }
    if len(locked) != len({survivor.pk, absorbed.pk}):
        raise ValidationError(_("One of the accounts no longer exists."))
    survivor, absorbed = locked[survivor.pk], locked[absorbed.pk]
    _check(survivor, absorbed, staff)
    report = {"moved": {}, "kept": []}
    _merge_into(User, absorbed, survivor, report, top=True)
    absorbed.is_active = False
    absorbed.session_generation += 1  # ends its sessions everywhere
    absorbed.save(update_fields=["is_active", "session_generation"])  # portal.signals revokes its API keys
    forget(survivor.pk)  # its profiles, memberships and notices moved by UPDATE, which sends no signal
    audit_record(
        actor=staff,
        action=AuditLog.Action.OTHER,
        target=survivor,
        detail={"event": "person_merge", "absorbed_user": absorbed.pk, "reason": reason[:300], **report},
        request=request,
    )
    return report


def merged_models() -> list[str]:
    """The models whose rows a merge moves (for documentation and tests)."""
    return sorted(
        {m._meta.label for m, _f in _reverse_relations(User) if m._meta.label not in KEPT_WITH_ABSORBED}
        & {m._meta.label for m in apps.get_models(include_auto_created=True)}
    )


def duplicate_dismiss(*, first: User, second: User, staff, reason: str, request=None) -> DuplicateDismissal:
    """Record that two listed accounts are different people (the pair leaves the duplicate list), audited.
    Deciding twice keeps the first decision."""
    if not can_merge_people(staff):
        raise AccessDenied(_("Only bureau staff who may change accounts can merge them."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why these accounts are different people.")})
    if first.pk == second.pk:
        raise ValidationError(_("Choose two different accounts."))
    low, high = sorted((first.pk, second.pk))
    with transaction.atomic():
        dismissal, created = DuplicateDismissal.objects.get_or_create(
            first_id=low, second_id=high, defaults={"dismissed_by": staff, "reason": reason[:300]}
        )
        if created:
            audit_record(
                actor=staff,
                action=AuditLog.Action.OTHER,
                target=dismissal.first,
                detail={"event": "not_a_duplicate", "other_user": high, "reason": reason[:300]},
                request=request,
            )
    return dismissal
