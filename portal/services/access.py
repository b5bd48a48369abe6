"""Who may hold which rights: only superusers change them, never their own, and sensitive rights are audited.

`user_access_set` and `group_permissions_set` are the one door for groups, permissions and the staff/superuser
flags (the admin calls them). Any other path that changes a sensitive right (a shell, a data migration, a future
page) is still written to the audit log by the `m2m_changed` receivers at the end, with no actor.
"""

import contextvars
from contextlib import contextmanager

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from portal.exceptions import AccessDenied
from portal.models import AuditLog, User
from portal.roles import SENSITIVE_CODENAMES
from portal.services.audit import audit_record
from portal.staff.exports import registered_exports

# (actor, request) of the service call in progress, so the signal receivers know who is acting.
_acting = contextvars.ContextVar("access_acting", default=None)


def permission_name(permission: Permission) -> str:
    return f"{permission.content_type.app_label}.{permission.codename}"


def sensitive_permission_names() -> set[str]:
    """Unmasking ID numbers, browsing the audit log, and every permission an export requires."""
    names = {f"portal.{codename}" for codename in SENSITIVE_CODENAMES}
    names |= {d.permission for d in registered_exports().values() if d.permission}
    return names


def _is_sensitive(permission: Permission, sensitive: set[str]) -> bool:
    return permission_name(permission) in sensitive or permission.codename.startswith("export")


def _sensitive_of(permissions, sensitive=None) -> set[str]:
    permissions = list(permissions)
    if not permissions:  # most changes (a role group with no permission) cost nothing more
        return set()
    sensitive = sensitive_permission_names() if sensitive is None else sensitive
    return {permission_name(p) for p in permissions if _is_sensitive(p, sensitive)}


def _sensitive_held(user: User) -> set[str]:
    """The sensitive permissions the user holds directly or through a group (superuser status is audited apart)."""
    direct = Permission.objects.filter(user=user).select_related("content_type")
    via_groups = Permission.objects.filter(group__user=user).select_related("content_type")
    return _sensitive_of([*direct, *via_groups])


def _require_superuser(actor, subject: User | None) -> None:
    if not (actor and actor.is_active and actor.is_superuser):
        raise AccessDenied(_("Only a superuser can change groups, permissions or staff status."))
    if subject is not None and subject.pk == actor.pk:
        raise AccessDenied(_("Nobody can change their own groups, permissions or staff status."))


@contextmanager
def _as(actor, request):
    token = _acting.set((actor, request))
    try:
        yield
    finally:
        _acting.reset(token)


def _audit_change(*, actor, request, target, granted, revoked, detail=None) -> None:
    if granted or revoked:
        audit_record(
            actor=actor,
            action=AuditLog.Action.ACCESS,
            target=target,
            detail={"granted": sorted(granted), "revoked": sorted(revoked), **(detail or {})},
            request=request,
        )


@transaction.atomic
def user_access_set(
    *, actor, user: User, groups=None, permissions=None, is_staff=None, is_superuser=None, request=None
) -> User:
    """Set what is given (None leaves it as it is). Refused unless `actor` is a superuser changing someone else."""
    user = User.objects.select_for_update().get(pk=user.pk)
    flags = {
        name: value for name, value in (("is_staff", is_staff), ("is_superuser", is_superuser)) if value is not None
    }
    changes_flags = any(getattr(user, name) != value for name, value in flags.items())
    changes_groups = groups is not None and set(groups) != set(user.groups.all())
    changes_perms = permissions is not None and set(permissions) != set(user.user_permissions.all())
    if not (changes_flags or changes_groups or changes_perms):
        return user
    _require_superuser(actor, user)
    before = _sensitive_held(user)
    with _as(actor, request):
        if changes_flags:
            for name, value in flags.items():
                setattr(user, name, value)
            user.save(update_fields=list(flags))
        if changes_groups:
            user.groups.set(groups)
        if changes_perms:
            user.user_permissions.set(permissions)
    after = _sensitive_held(user)
    granted, revoked = after - before, before - after
    if "is_superuser" in flags and changes_flags:
        (granted if user.is_superuser else revoked).add("superuser")
    if "is_staff" in flags and changes_flags:
        (granted if user.is_staff else revoked).add("staff")
    _audit_change(actor=actor, request=request, target=user, granted=granted, revoked=revoked)
    return user


@transaction.atomic
def group_permissions_set(*, actor, group: Group, permissions, request=None) -> Group:
    if set(permissions) == set(group.permissions.all()):
        return group
    _require_superuser(actor, None)
    before = _sensitive_of(group.permissions.select_related("content_type"))
    with _as(actor, request):
        group.permissions.set(permissions)
    after = _sensitive_of(group.permissions.select_related("content_type"))
    members = list(group.user_set.values_list("username", flat=True)[:200])
    _audit_change(
        actor=actor,
        request=request,
        target=group,
        granted=after - before,
        revoked=before - after,
        detail={"members": members},
    )
    return group


# --- every other path: record sensitive changes with no actor ------------------------------------------------


def _outside_service() -> bool:
    return _acting.get() is None


def _record_unattended(target, permissions, action: str) -> None:
    names = _sensitive_of(permissions)
    if names:
        _audit_change(
            actor=None,
            request=None,
            target=target,
            granted=names if action == "post_add" else set(),
            revoked=names if action != "post_add" else set(),
            detail={"path": "outside the access service"},
        )


def _permissions_through_groups(group_pks) -> list[Permission]:
    return list(Permission.objects.filter(group__pk__in=group_pks).select_related("content_type"))


def _to_record(instance, action: str, reverse: bool, *, forward: str, backward: str) -> bool:
    """Whether this m2m_changed call is a finished change made outside the access service. post_clear does not say
    what was removed, so pre_clear keeps it on the instance (`_access_cleared`)."""
    if not _outside_service():
        return False
    if action == "pre_clear":
        instance._access_cleared = list(getattr(instance, backward if reverse else forward).all())
        return False
    return action in ("post_add", "post_remove", "post_clear")


def _changed(instance, action: str, pk_set, queryset):
    """The rows on the other side of the change: those cleared, or those whose keys the signal names."""
    return instance._access_cleared if action == "post_clear" else queryset.filter(pk__in=pk_set)


def _permissions():
    return Permission.objects.select_related("content_type")


@receiver(m2m_changed, sender=User.user_permissions.through)
def _user_permissions_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not _to_record(instance, action, reverse, forward="user_permissions", backward="user_set"):
        return
    if reverse:  # permission.user_set.add(users)
        if _sensitive_of([instance]):
            for user in _changed(instance, action, pk_set, User.objects.all()):
                _record_unattended(user, [instance], action)
        return
    _record_unattended(instance, _changed(instance, action, pk_set, _permissions()), action)


@receiver(m2m_changed, sender=User.groups.through)
def _user_groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not _to_record(instance, action, reverse, forward="groups", backward="user_set"):
        return
    if reverse:  # group.user_set.add(users)
        permissions = _permissions_through_groups([instance.pk])
        for user in _changed(instance, action, pk_set, User.objects.all()):
            _record_unattended(user, permissions, action)
        return
    group_pks = [g.pk for g in instance._access_cleared] if action == "post_clear" else pk_set
    _record_unattended(instance, _permissions_through_groups(group_pks), action)


@receiver(m2m_changed, sender=Group.permissions.through)
def _group_permissions_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not _to_record(instance, action, reverse, forward="permissions", backward="group_set"):
        return
    if reverse:  # permission.group_set.add(groups)
        for group in _changed(instance, action, pk_set, Group.objects.all()):
            _record_unattended(group, [instance], action)
        return
    _record_unattended(instance, _changed(instance, action, pk_set, _permissions()), action)
