"""Every change that alters what a user's cached record (portal.user_cache) holds makes that record stale, whichever
door made it (pages, API, admin, services, shell): seen on the rows themselves, as signals.

- the user row (is_staff, is_active) and its groups and permissions, from either side of the m2m;
- a group's permissions (the menu's has_perm tests): every member of the group;
- veteran and family profiles (they decide the person's workspace), organization memberships, an organization's
  own status or type, a merchant's alliance membership: every member of the organization;
- the other records the menu's visibility tests read: counsel providers, approved mentors, training evaluators;
- notifications (the header's unread count): created or deleted here; the bulk insert of a job push and
  notification_mark_read (a queryset update) call portal.user_cache.forget themselves.

Connected from PortalConfig.ready() once every app is loaded (models of other apps are named by label)."""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from portal.user_cache import forget


def _members_of(organization_id) -> list[int]:
    from portal.models import OrganizationMembership

    members = OrganizationMembership.objects.filter(organization_id=organization_id)
    return list(members.values_list("user_id", flat=True))


def _users_of_groups(group_ids) -> list[int]:
    memberships = get_user_model().groups.through.objects.filter(group_id__in=group_ids)
    return list(memberships.values_list("user_id", flat=True))


# model label -> the ids of the users whose record a saved or deleted row changes
OWNERS = {
    "portal.User": lambda row: [row.pk],
    "portal.VeteranProfile": lambda row: [row.user_id],
    "portal.FamilyMemberProfile": lambda row: [row.user_id],
    "portal.OrganizationMembership": lambda row: [row.user_id],
    "portal.Organization": lambda row: _members_of(row.pk),
    "portal.Notification": lambda row: [row.recipient_id],
    "counsel.Provider": lambda row: [row.user_id],
    "entrepreneurship.MentorProfile": lambda row: [row.user_id],
    "training.Evaluator": lambda row: [row.user_id],
    "benefits.Merchant": lambda row: _members_of(row.organization_id),
}
# Rows whose delete cascades from another row: the owners are looked up before the delete runs.
LOOKED_UP_BEFORE_DELETE = {"portal.Organization", "benefits.Merchant"}


def _notification_is_unchanged_for_header(sender, kwargs) -> bool:
    # A notification's e-mail and SMS bookkeeping is saved often; only its creation or reading changes the count.
    update_fields = kwargs.get("update_fields")
    return (
        sender._meta.label == "portal.Notification"
        and not kwargs.get("created")
        and update_fields is not None
        and ("read_at" not in update_fields)
    )


def _on_save(sender, instance, raw=False, **kwargs):
    if raw or _notification_is_unchanged_for_header(sender, kwargs):
        return
    forget(*OWNERS[sender._meta.label](instance))


def _on_delete(sender, instance, **kwargs):
    forget(*OWNERS[sender._meta.label](instance))


def _before_delete(sender, instance, **kwargs):
    instance._user_record_owners = OWNERS[sender._meta.label](instance)


def _after_cascading_delete(sender, instance, **kwargs):
    forget(*getattr(instance, "_user_record_owners", ()))


def _on_user_m2m(sender, instance, action, reverse, pk_set, **kwargs):
    """user.groups / user.user_permissions, changed from the user's side or (groups) from the group's side."""
    if action == "pre_clear" and reverse:
        instance._user_record_owners = list(instance.user_set.values_list("pk", flat=True))
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        forget(instance.pk)
    elif action == "post_clear":
        forget(*getattr(instance, "_user_record_owners", ()))
    else:  # group.user_set.add(...), permission.user_set.remove(...): pk_set holds the users
        forget(*(pk_set or ()))


def _on_group_permissions(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    groups = [instance.pk] if not reverse else list(pk_set or ())
    forget(*_users_of_groups(groups))


def connect() -> None:
    for label in OWNERS:
        model = apps.get_model(label)
        uid = f"user-record-{label}"
        post_save.connect(_on_save, sender=model, dispatch_uid=uid)
        if label in LOOKED_UP_BEFORE_DELETE:
            pre_delete.connect(_before_delete, sender=model, dispatch_uid=uid)
            post_delete.connect(_after_cascading_delete, sender=model, dispatch_uid=uid)
        else:
            post_delete.connect(_on_delete, sender=model, dispatch_uid=uid)
    user = get_user_model()
    m2m_changed.connect(_on_user_m2m, sender=user.groups.through, dispatch_uid="user-record-groups")
    m2m_changed.connect(_on_user_m2m, sender=user.user_permissions.through, dispatch_uid="user-record-permissions")
    m2m_changed.connect(_on_group_permissions, sender=Group.permissions.through, dispatch_uid="user-record-group-perms")
