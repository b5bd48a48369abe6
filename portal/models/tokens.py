"""API keys: a user's personal tokens and the named keys of an organization's integrations.

Only a SHA-256 hash of each key is stored (keys are 160 random bits, so a plain hash is enough: nothing to brute
force, and a leaked table gives no usable key). A key is usable until it expires or is revoked; `usable_q` is the
one definition of that rule, used by the ORM path (portal.api.authentication) and compiled into the merchant
counter's SQL (benefits.services.verification)."""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def usable_q(*, now) -> Q:
    """The rule for a key that still works at `now`: not revoked, not expired."""
    return Q(revoked_at__isnull=True, expires_at__gt=now)


class ApiTokenQuerySet(models.QuerySet):
    def usable(self, now=None):
        return self.filter(usable_q(now=now or timezone.now()))

    def personal(self):
        return self.filter(organization__isnull=True)


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name = models.CharField(pgettext_lazy("api key", "name"), max_length=100)
    prefix = models.CharField(_("key begins with"), max_length=8)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    # Set for an organization's integration key; its user is that integration's own account (a member of only
    # this organization).
    organization = models.ForeignKey(
        "portal.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="integration_keys",
        verbose_name=_("organization"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Whether the second factor was checked when the key was issued (a staff account's key must have it).
    second_factor = models.BooleanField(_("second factor checked"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "revoked_at"], name="apitoken_user_revoked")]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now
