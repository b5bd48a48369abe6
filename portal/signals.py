"""Account events that end API access, whichever door caused them (pages, allauth, the admin, a service).

- A new password (change, reset, admin), deactivation or becoming staff (is_staff, or the staff group) revokes all
  of a user's API keys: seen on the User row and its groups, so no path that saves a user can skip it. (A key
  issued before promotion was issued without the second factor a staff key needs.)
- Removing a second factor (allauth.mfa, or the admin deleting an Authenticator) revokes them too.
- A staff session starts its clock at sign-in (portal.middleware.StaffSessionMiddleware)."""

from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import m2m_changed, post_delete, pre_save
from django.dispatch import receiver

from portal.models import Role
from portal.services.tokens import api_tokens_revoke_all


@receiver(pre_save, sender=get_user_model(), dispatch_uid="portal-revoke-keys-on-account-change")
def revoke_keys_on_account_change(sender, instance, update_fields=None, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    if update_fields is not None and not {"password", "is_active", "is_staff"} & set(update_fields):
        return  # e.g. last_login at every sign-in: no extra query
    before = sender.objects.filter(pk=instance.pk).values("password", "is_active", "is_staff").first()
    if before is None:
        return
    deactivated = before["is_active"] and not instance.is_active
    promoted = instance.is_staff and not before["is_staff"]
    if before["password"] != instance.password or deactivated or promoted:
        # In the same transaction as the change: if that rolls back, the keys stay as they were.
        api_tokens_revoke_all(user=instance)


@receiver(m2m_changed, sender=get_user_model().groups.through, dispatch_uid="portal-revoke-keys-on-staff-group")
def revoke_keys_on_joining_staff_group(sender, instance, action, reverse, pk_set, **kwargs):
    if action != "post_add" or not pk_set:
        return
    if not reverse:  # user.groups.add(...)
        if Group.objects.filter(pk__in=pk_set, name=Role.STAFF).exists():
            api_tokens_revoke_all(user=instance)
    elif instance.name == Role.STAFF:  # group.user_set.add(...)
        for user in get_user_model().objects.filter(pk__in=pk_set):
            api_tokens_revoke_all(user=user)


@receiver(post_delete, sender=Authenticator, dispatch_uid="portal-revoke-keys-on-mfa-removal")
def revoke_keys_on_second_factor_removal(sender, instance, **kwargs):
    if instance.type in (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN):
        api_tokens_revoke_all(user=instance.user)


@receiver(user_logged_in, dispatch_uid="portal-session-started")
def mark_session_start(sender, request, user, **kwargs):
    from portal.middleware import session_started

    session_started(request, user)
