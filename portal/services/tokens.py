"""API keys: issue, revoke, and the revocations that follow account events (password, deactivation, second factor).

A key is shown once, when it is made; only its hash is kept (portal.models.tokens)."""

import datetime
import secrets
import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.exceptions import AccessDenied
from portal.models import ApiToken, AuditLog, Organization, OrganizationMembership
from portal.models.tokens import key_hash
from portal.permissions import is_organization_admin
from portal.services.audit import audit_record
from portal.services.organizations import membership_add
from portal.user_cache import forget

MAX_PERSONAL_TOKENS = 20


def _ttl(*, user, organization=None) -> datetime.timedelta:
    if organization is not None:
        return datetime.timedelta(days=settings.API_INTEGRATION_KEY_TTL_DAYS)
    ttl = datetime.timedelta(days=settings.API_TOKEN_TTL_DAYS)
    if user.is_bureau_staff:  # a staff key lives no longer than a staff session
        ttl = min(ttl, datetime.timedelta(seconds=settings.STAFF_SESSION_MAX_AGE))
    return ttl


def _issue(*, user, name: str, organization=None, created_by=None, second_factor: bool = False):
    name = (name or "").strip()[: ApiToken._meta.get_field("name").max_length] or str(_("API key"))
    key = secrets.token_hex(20)
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=key[:8],
        key_hash=key_hash(key),
        organization=organization,
        created_by=created_by or user,
        second_factor=second_factor,
        created_at=now,
        expires_at=now + _ttl(user=user, organization=organization),
    )
    return token, key


@transaction.atomic
def api_token_create(*, user, name: str = "", second_factor: bool = False) -> tuple[ApiToken, str]:
    """A personal key for `user`; returns the row and the key (shown once). Staff keys need `second_factor`.

    A user keeps at most MAX_PERSONAL_TOKENS usable keys: the oldest are revoked to make room."""
    if user.is_bureau_staff and getattr(settings, "STAFF_REQUIRE_MFA", True) and not second_factor:
        raise AccessDenied(_("Bureau staff need their second factor to get an API key."))
    usable = list(ApiToken.objects.filter(user=user).personal().usable().order_by("-created_at", "-pk"))
    for old in usable[MAX_PERSONAL_TOKENS - 1 :]:
        _revoke(old, now=timezone.now())
    return _issue(user=user, name=name, second_factor=second_factor)


def _revoke(token: ApiToken, *, now) -> None:
    token.revoked_at = now
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now)


@transaction.atomic
def api_token_revoke(*, token: ApiToken, user) -> ApiToken:
    """Revoke one key. Its owner may revoke a personal key; an organization's administrator its integration keys
    (the integration's account is closed with it)."""
    if token.organization_id is None:
        if token.user_id != user.pk:
            raise AccessDenied(_("This is not your API key."))
    elif not is_organization_admin(user, token.organization):
        raise AccessDenied(_("Only the organization's administrators manage its integration keys."))
    if token.revoked_at is None:
        _revoke(token, now=timezone.now())
        if token.organization_id is not None:
            get_user_model().objects.filter(pk=token.user_id).update(is_active=False)
            forget(token.user_id)  # its cached user row (an update sends no signal)
            audit_record(
                actor=user,
                action=AuditLog.Action.OTHER,
                target=token.organization,
                detail=_key_detail(token, "revoked"),
            )
    return token


def api_tokens_revoke_all(*, user) -> int:
    """Revoke every usable key of `user` (password changed, account deactivated, second factor removed, sign out
    everywhere). Returns how many were revoked."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())


def api_token_touch(*, token: ApiToken, now=None) -> None:
    """Record when a key was last used, at most once an hour (a write per request would be a write per request)."""
    now = now or timezone.now()
    if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(hours=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)


def _key_detail(token: ApiToken, event: str) -> dict:
    return {"event": f"integration_key_{event}", "key": token.name, "prefix": token.prefix, "user": token.user_id}


@transaction.atomic
def integration_key_create(*, organization: Organization, name: str, created_by) -> tuple[ApiToken, str]:
    """A named key for a partner's system (an employer's HR system, a merchant's till).

    The key authenticates as an account of its own: a plain member of this one organization, never staff, with no
    usable password and no e-mail, so it can do exactly what a member of the organization may do through the API
    and nothing elsewhere. Revoking the key closes that account."""
    if not is_organization_admin(created_by, organization):
        raise AccessDenied(_("Only the organization's administrators manage its integration keys."))
    if organization.org_type == Organization.Type.BUREAU:
        # A bureau's members are staff: an account with a key and no second factor must never be one.
        raise ValidationError(_("A bureau cannot have integration keys: staff use the API with their own keys."))
    if not organization.is_verified():
        raise ValidationError(_("Integration keys are available once the organization has been verified."))
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": [_("Give the key a name, e.g. the system that will use it.")]})
    user = get_user_model()(username=f"integration-{organization.pk}-{uuid.uuid4().hex[:10]}", first_name=name[:150])
    user.set_unusable_password()
    user.save()
    membership_add(organization=organization, user=user, role=OrganizationMembership.Role.MEMBER)
    token, key = _issue(user=user, name=name, organization=organization, created_by=created_by)
    audit_record(
        actor=created_by, action=AuditLog.Action.OTHER, target=organization, detail=_key_detail(token, "created")
    )
    return token, key


def user_sign_out_everywhere(*, user) -> None:
    """End every session of `user` (this one too) and revoke their personal API keys.

    The session hash includes `session_generation`, so raising it invalidates sessions in any session store."""
    get_user_model().objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    forget(user.pk)  # the cached user row holds the old session hash (an update sends no signal)
    api_tokens_revoke_all(user=user)
    audit_record(actor=user, action=AuditLog.Action.OTHER, target=user, detail={"event": "sign_out_everywhere"})
