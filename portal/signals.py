"""Account events that end API access, whichever door caused them (pages, allauth, the admin, a service).

- A new password (change, reset, admin) or deactivation revokes all of a user's API keys: seen on the User row
  itself, so no path that saves a user can skip it.
- Removing a second factor (allauth.mfa, or the admin deleting an Authenticator) revokes them too.
- A staff session starts its clock at sign-in (portal.middleware.StaffSessionMiddleware)."""

from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, pre_save
from django.dispatch import receiver

from portal.services.tokens import api_tokens_revoke_all


@receiver(pre_save, sender=get_user_model(), dispatch_uid="portal-revoke-keys-on-account-change")
def revoke_keys_on_account_change(sender, instance, update_fields=None, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    if update_fields is not None and not {"password", "is_active"} & set(update_fields):
        return  # e.g. last_login at every sign-in: no extra query
    before = sender.objects.filter(pk=instance.pk).values("password", "is_active").first()
    if before is None:
        return
    if before["password"] != instance.password or (before["is_active"] and not instance.is_active):
        # In the same transaction as the change: if that rolls back, the keys stay as they were.
        api_tokens_revoke_all(user=instance)


@receiver(post_delete, sender=Authenticator, dispatch_uid="portal-revoke-keys-on-mfa-removal")
def revoke_keys_on_second_factor_removal(sender, instance, **kwargs):
    if instance.type in (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN):
        api_tokens_revoke_all(user=instance.user)


@receiver(user_logged_in, dispatch_uid="portal-session-started")
def mark_session_start(sender, request, user, **kwargs):
    from portal.middleware import session_started

    session_started(request, user)
